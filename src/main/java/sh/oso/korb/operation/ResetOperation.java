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
import sh.oso.korb.kafka.GroupActivity;
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

    static final RollbackOperation.Wording RESET =
            new RollbackOperation.Wording("reset offsets", "the reset offsets", "reset");

    private final KafkaAccess kafka;
    private final Optional<SnapshotRepository> snapshots;
    private final Clock clock;
    private final GroupBatches batches;

    /** {@code snapshots}: the store the undo snapshot goes to; empty with --no-undo. */
    public ResetOperation(KafkaAccess kafka, Optional<SnapshotRepository> snapshots, Clock clock) {
        this(kafka, snapshots, clock, GroupBatches.DEFAULT);
    }

    public ResetOperation(
            KafkaAccess kafka, Optional<SnapshotRepository> snapshots, Clock clock, GroupBatches batches) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.clock = clock;
        this.batches = batches;
    }

    /** What a reset is asked to do: its groups, partitions, strategy and policy. */
    public record Request(List<String> groups, ResetScope scope, ResetStrategy strategy, DriftPolicy policy) {

        public Request {
            groups = List.copyOf(groups);
        }
    }

    /**
     * Plans the reset batch by batch and hands each batch's plan to {@code each}; reads only. Group activity and
     * policy refusals cover every group before anything is changed.
     */
    public RollbackSurvey plan(Request request, RollbackOperation.PlanListener each) {
        RollbackSurvey.Totals totals = new RollbackSurvey.Totals(request.groups(), false);
        List<GroupActivity> active = new ArrayList<>();
        Snapshot[] header = {null};
        plans(request).forEach(plan -> {
            if (header[0] == null) {
                header[0] = plan.snapshot().withGroups(new TreeMap<>());
            }
            active.addAll(plan.activeGroups());
            totals.add(plan);
            each.planned(plan);
        });
        return totals.survey(header[0], () -> kafka.topics().clusterId(), active);
    }

    /**
     * The plans of the request's groups in batches of about {@link GroupBatches#offsets()} partitions: the first batch
     * holds one group, each next one as many as the partitions per group seen so far let fit (a reset's partitions
     * are known only once its targets are resolved).
     */
    private RollbackOperation.BatchPlans plans(Request request) {
        ResetPlanner planner = new ResetPlanner(kafka, clock);
        return each -> batches.adaptive(request.groups(), batch -> {
            RollbackPlan plan = planner.plan(batch, request.scope(), request.strategy(), request.policy());
            each.accept(plan);
            return plan.partitions().size();
        });
    }

    /**
     * This attempt: with --snapshot-id or a run id, the undo snapshot's id is fixed, and one an earlier attempt of
     * the same run saved there is found and kept. Throws, changing nothing, when that id holds anything else (exit 2):
     * a snapshot is never overwritten.
     */
    public Attempt attempt(RollbackSurvey survey, Optional<SnapshotId> given, Optional<RunId> runId) {
        if (snapshots.isEmpty()) {
            return new Attempt(Optional.empty(), runId, Optional.empty());
        }
        Optional<SnapshotId> id = given.or(() -> runId.map(run -> UndoSnapshotIds.ofRun(PREFIX, survey.groups(), run)));
        if (id.isEmpty()) {
            return new Attempt(id, runId, Optional.empty());
        }
        try {
            return new Attempt(
                    id,
                    runId,
                    UndoSnapshotIds.savedByEarlierAttempt(snapshots.get(), id.get(), runId, "reset offsets"));
        } catch (SnapshotExistsException e) {
            if (survey.changes() == 0) {
                return new Attempt(id, runId, Optional.empty()); // nothing will be saved, so the id is not in the way
            }
            throw e;
        }
    }

    /** Throws when a listed group is active (exit 4) or a policy refuses the plan (exit 5): nothing was changed. */
    public static void refuseIfBlocked(RollbackSurvey survey) {
        RollbackOperation.refuseIfActive(survey.activeGroups(), "reset offsets");
        if (survey.refusalCount() > 0) {
            throw new ResetRefusedException("refusing to reset: " + survey.refusalSummary() + "; nothing was changed");
        }
    }

    /**
     * Saves the undo snapshot (unless an earlier attempt did, or --no-undo; streamed batch by batch), tells {@code
     * undoSaved}, then plans again and commits batch by batch what differs, telling {@code each}. Throws, having
     * changed nothing, when the plan is blocked, the offsets moved since the plan, or the undo snapshot cannot be
     * saved; a batch whose offsets moved since the plan, or that a policy refuses now, stops the run there.
     */
    public RollbackOutcome apply(
            RollbackSurvey survey,
            Request request,
            Attempt attempt,
            Consumer<SnapshotId> undoSaved,
            RollbackOperation.CommitListener each) {
        refuseIfBlocked(survey);
        Optional<SnapshotId> earlier = attempt.earlierUndo().map(Snapshot::id);
        earlier.ifPresent(undoSaved);
        if (survey.changedGroups().isEmpty()) {
            return new RollbackOutcome(
                    earlier,
                    Optional.empty(),
                    new CommitOutcome(new TreeMap<>()),
                    new HashMap<>(),
                    List.of(),
                    earlier.isPresent());
        }
        RollbackOperation rollback = new RollbackOperation(kafka, snapshots.orElse(null), clock, batches);
        Optional<SnapshotId> undo;
        if (earlier.isPresent() || snapshots.isEmpty()) {
            rollback.refuseIfMovedSincePlan(survey, RESET);
            undo = earlier;
        } else {
            // the undo snapshot must hold the offsets the reset replaces: saving it checks they did not move
            undo = Optional.of(saveUndo(rollback, survey, attempt));
            undoSaved.accept(undo.get());
        }
        return rollback.commitInBatches(survey, plans(request), each, RESET)
                .outcome(undo, Optional.empty(), new ArrayList<>(), earlier.isPresent());
    }

    private SnapshotId saveUndo(RollbackOperation rollback, RollbackSurvey survey, Attempt attempt) {
        if (attempt.undoId().isPresent()) {
            return rollback.saveUndoSnapshot(
                    survey, Optional.empty(), attempt.undoId().get(), attempt.runId(), RESET);
        }
        String base = UndoSnapshotIds.timestamped(PREFIX, survey.groups(), clock.instant());
        return RollbackOperation.saveUnderFreeId(
                base, id -> rollback.saveUndoSnapshot(survey, Optional.empty(), id, attempt.runId(), RESET));
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
