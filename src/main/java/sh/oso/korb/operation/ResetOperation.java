package sh.oso.korb.operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import sh.oso.korb.error.ResetRefusedException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Carries out {@code korb reset} with a rollback's guarantees: the plan is checked first (active groups exit 4,
 * policy refusals exit 5), the groups' current offsets are saved as an undo snapshot before the first commit (a
 * rollback to it, with --exact, restores exactly the state before), and only what differs is committed, so a rerun
 * is harmless. A retry of the same run (--run-id) finds the undo snapshot its first attempt saved and keeps it.
 */
public final class ResetOperation {

    private static final String PREFIX = "reset-";

    /**
     * One attempt of a reset: the undo snapshot's id (given, derived from the run id, or generated when saved), and
     * the undo snapshot an earlier attempt of the same run saved under it, which this one keeps.
     */
    public record Attempt(Optional<SnapshotId> undoId, Optional<RunId> runId, Optional<Snapshot> earlierUndo) {}

    private final KafkaAccess kafka;
    private final Optional<SnapshotRepository> snapshots;
    private final Clock clock;

    /** {@code snapshots}: the store the undo snapshot goes to; empty with --no-undo. */
    public ResetOperation(KafkaAccess kafka, Optional<SnapshotRepository> snapshots, Clock clock) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    public RollbackPlan plan(List<String> groups, ResetScope scope, ResetStrategy strategy, DriftPolicy policy) {
        return new ResetPlanner(kafka, clock).plan(groups, scope, strategy, policy);
    }

    /**
     * This attempt: with --snapshot-id or a run id, the undo snapshot's id is fixed, and one an earlier attempt of
     * the same run saved there is found and kept. Throws, changing nothing, when that id holds anything else (exit 2):
     * a snapshot is never overwritten.
     */
    public Attempt attempt(RollbackPlan plan, Optional<SnapshotId> given, Optional<RunId> runId) {
        if (snapshots.isEmpty()) {
            return new Attempt(Optional.empty(), runId, Optional.empty());
        }
        Optional<SnapshotId> id = given.or(() -> runId.map(run -> UndoSnapshotIds.ofRun(PREFIX, groups(plan), run)));
        if (id.isEmpty()) {
            return new Attempt(id, runId, Optional.empty());
        }
        try {
            return new Attempt(
                    id,
                    runId,
                    UndoSnapshotIds.savedByEarlierAttempt(snapshots.get(), id.get(), runId, "reset offsets"));
        } catch (SnapshotExistsException e) {
            if (plan.changes().isEmpty()) {
                return new Attempt(id, runId, Optional.empty()); // nothing will be saved, so the id is not in the way
            }
            throw e;
        }
    }

    /** Throws when a listed group is active (exit 4) or a policy refuses the plan (exit 5): nothing was changed. */
    public static void refuseIfBlocked(RollbackPlan plan) {
        RollbackOperation.refuseIfActive(plan.activeGroups(), "reset offsets");
        if (!plan.refusals().isEmpty()) {
            throw new ResetRefusedException(
                    "refusing to reset: " + RollbackOperation.refusals(plan) + "; nothing was changed");
        }
    }

    /**
     * Saves the undo snapshot (unless an earlier attempt did, or --no-undo), tells {@code undoSaved}, then commits
     * what differs. Throws, having changed nothing, when the plan is blocked, the offsets moved since the plan, or the
     * undo snapshot cannot be saved.
     */
    public RollbackOutcome apply(RollbackPlan plan, Attempt attempt, Consumer<SnapshotId> undoSaved) {
        refuseIfBlocked(plan);
        Map<String, Integer> partitionsByGroup = new HashMap<>();
        plan.changes().forEach(change -> partitionsByGroup.merge(change.group(), 1, Integer::sum));
        Optional<SnapshotId> earlier = attempt.earlierUndo().map(Snapshot::id);
        earlier.ifPresent(undoSaved);
        if (plan.changedGroups().isEmpty()) {
            return new RollbackOutcome(
                    earlier,
                    Optional.empty(),
                    new CommitOutcome(new TreeMap<>()),
                    partitionsByGroup,
                    List.of(),
                    earlier.isPresent());
        }
        RollbackOperation rollback = new RollbackOperation(kafka, snapshots.orElse(null), clock);
        // the undo snapshot must hold the offsets the reset replaces
        rollback.refuseIfMovedSincePlan(plan.current(), "reset offsets", "the reset offsets");
        Optional<SnapshotId> undo = earlier.isPresent() ? earlier : saveUndo(plan, attempt);
        undo.filter(id -> earlier.isEmpty()).ifPresent(undoSaved);
        CommitOutcome outcome = rollback.change(plan);
        return new RollbackOutcome(
                undo, Optional.empty(), outcome, partitionsByGroup, new ArrayList<>(), earlier.isPresent());
    }

    private Optional<SnapshotId> saveUndo(RollbackPlan plan, Attempt attempt) {
        if (snapshots.isEmpty()) {
            return Optional.empty();
        }
        if (attempt.undoId().isPresent()) {
            return Optional.of(save(plan, attempt.undoId().get(), attempt.runId()));
        }
        String base = UndoSnapshotIds.timestamped(PREFIX, groups(plan), clock.instant());
        return Optional.of(RollbackOperation.saveUnderFreeId(base, id -> save(plan, id, attempt.runId())));
    }

    private SnapshotId save(RollbackPlan plan, SnapshotId id, Optional<RunId> runId) {
        Snapshot undo = new SnapshotCapture(kafka, clock)
                .capture(id, plan.current(), false)
                .withRunId(runId);
        snapshots.orElseThrow().save(undo, false); // never overwrites: a taken id throws before anything is committed
        return id;
    }

    /** {@code reset-<group>}, or {@code reset-<n>-groups}. */
    static String base(RollbackPlan plan) {
        return UndoSnapshotIds.base(PREFIX, groups(plan));
    }

    private static List<String> groups(RollbackPlan plan) {
        return List.copyOf(plan.current().keySet());
    }

    /**
     * The offsets the plan commits, as a snapshot for verify to compare with: the resolved targets, clamped ones
     * included, not the offsets the strategy asked for.
     */
    public static Snapshot committedTargets(RollbackPlan plan) {
        Map<String, Map<org.apache.kafka.common.TopicPartition, sh.oso.korb.snapshot.PartitionOffset>> byGroup =
                new TreeMap<>();
        plan.current().keySet().forEach(group -> byGroup.put(group, new HashMap<>()));
        long at = plan.snapshot().timestamp().toEpochMilli();
        plan.partitions().stream()
                .filter(row -> row.commit().isPresent())
                .forEach(row -> byGroup.get(row.group())
                        .put(
                                row.partition(),
                                new sh.oso.korb.snapshot.PartitionOffset(
                                        row.target().orElseThrow(), row.committedMetadata(), at, Optional.empty())));
        Map<String, sh.oso.korb.snapshot.GroupOffsets> groups = new TreeMap<>();
        byGroup.forEach((group, offsets) -> groups.put(group, sh.oso.korb.snapshot.GroupOffsets.of(offsets)));
        return Snapshot.create(
                plan.snapshot().id(),
                plan.snapshot().timestamp(),
                plan.snapshot().cluster(),
                plan.clusterId(),
                plan.snapshot().topics(),
                groups);
    }
}
