package sh.oso.korb.operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Deletes consumer groups' committed offsets of some topics ({@code korb delete-offsets}) with a rollback's
 * guarantees: everything is read and checked first, so that a refusal changes nothing; the groups' whole current
 * offsets are saved as an undo snapshot before the first deletion (a rollback to it restores them); and a rerun finds
 * nothing left to delete. The deletion itself, and the settling of unanswered requests, are the rollback's.
 */
public final class OffsetDeletion {

    private static final String PREFIX = "delete-offsets-";

    private static final String REASON = "a listed topic; deleted";

    private final KafkaAccess kafka;
    private final SnapshotRepository snapshots;
    private final Clock clock;

    public OffsetDeletion(KafkaAccess kafka, SnapshotRepository snapshots, Clock clock) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /**
     * Reads the groups' offsets and activity and decides; throws, having changed nothing, when a listed topic does not
     * exist (exit 2), a group is a share or streams group (exit 2), or there is something to delete and {@code undoId}
     * is taken (exit 2).
     */
    public OffsetDeletionPlan plan(
            List<String> groups, List<String> topics, Optional<SnapshotId> given, Optional<RunId> runId) {
        kafka.groups().requireConsumerGroups(groups);
        Set<String> existing = kafka.topics().describe(topics).keySet();
        List<String> unknown =
                topics.stream().filter(topic -> !existing.contains(topic)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("--topics names " + unknown.size() + " topic(s) the cluster does not have: "
                    + String.join(", ", unknown) + "; check the names; nothing was changed");
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> current =
                kafka.groups().committedOffsets(groups);
        List<GroupActivity> active = kafka.groups().activeGroups(groups);
        Set<String> listed = new HashSet<>(topics);
        List<PartitionDecision> rows = new ArrayList<>();
        for (String group : groups) {
            current.getOrDefault(group, Map.of()).entrySet().stream()
                    .filter(offset -> listed.contains(offset.getKey().topic()))
                    .sorted(Map.Entry.comparingByKey(
                            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
                    .forEach(offset -> rows.add(new PartitionDecision(
                            group,
                            offset.getKey(),
                            Optional.empty(),
                            Optional.of(offset.getValue()),
                            Optional.empty(),
                            Decision.DELETE_OFFSET,
                            Drift.NONE,
                            REASON)));
        }
        // with a run id, every attempt of the run saves under the same id, so that a retry finds the first one's
        Optional<SnapshotId> undoId = given.or(() -> runId.map(run -> UndoSnapshotIds.ofRun(PREFIX, groups, run)));
        Optional<SnapshotId> earlierUndo = Optional.empty();
        if (undoId.isPresent()) {
            try {
                earlierUndo = UndoSnapshotIds.savedByEarlierAttempt(snapshots, undoId.get(), runId, "delete offsets")
                        .map(Snapshot::id);
            } catch (SnapshotExistsException e) {
                if (!rows.isEmpty()) {
                    throw e; // refused now, not after the plan was shown; a rerun with nothing to delete saves nothing
                }
            }
        }
        return new OffsetDeletionPlan(groups, topics, rows, current, active, undoId, earlierUndo, runId);
    }

    /** Throws when a listed group has live members (exit 4): nothing was changed. */
    public static void refuseIfActive(OffsetDeletionPlan plan) {
        RollbackOperation.refuseIfActive(plan.activeGroups(), "delete offsets");
    }

    /**
     * Saves the undo snapshot ({@code undoId}, else a generated id), tells {@code undoSaved}, then deletes. Throws,
     * having changed nothing, when a group is active or its offsets moved since the plan (exit 4), or the undo
     * snapshot cannot be saved. Nothing to delete: nothing is saved, nothing is sent.
     */
    public OffsetDeletionOutcome apply(OffsetDeletionPlan plan, Consumer<SnapshotId> undoSaved) {
        refuseIfActive(plan);
        plan.earlierUndo().ifPresent(undoSaved);
        Map<String, Set<TopicPartition>> deletions = plan.deletions();
        Map<String, Integer> deletionsByGroup = new HashMap<>();
        deletions.forEach((group, partitions) -> deletionsByGroup.put(group, partitions.size()));
        if (deletions.isEmpty()) {
            return new OffsetDeletionOutcome(plan.earlierUndo(), new CommitOutcome(new TreeMap<>()), deletionsByGroup);
        }
        RollbackOperation rollback = new RollbackOperation(kafka, snapshots, clock);
        // the undo snapshot must hold what is deleted: a consumer committing without membership would make it stale
        rollback.refuseIfMovedSincePlan(plan.current(), "delete offsets", "what is deleted");
        SnapshotId undo;
        if (plan.earlierUndo().isPresent()) {
            undo = plan.earlierUndo().get(); // told above; it holds the offsets from before the first attempt
        } else {
            undo = plan.undoId().isPresent() ? save(plan, plan.undoId().get()) : saveGenerated(plan);
            undoSaved.accept(undo);
        }
        return new OffsetDeletionOutcome(Optional.of(undo), rollback.deleteOffsets(deletions), deletionsByGroup);
    }

    private SnapshotId save(OffsetDeletionPlan plan, SnapshotId id) {
        Snapshot undo = new SnapshotCapture(kafka, clock)
                .capture(id, plan.current(), false)
                .withRunId(plan.runId());
        snapshots.save(undo, false); // never overwrites: a taken id throws before anything is deleted
        return id;
    }

    /** {@code delete-offsets-<group>-<UTC time>}, or {@code -<n>-groups-} for several; {@code -1}, ... when taken. */
    private SnapshotId saveGenerated(OffsetDeletionPlan plan) {
        String base = UndoSnapshotIds.timestamped(PREFIX, plan.groups(), clock.instant());
        return RollbackOperation.saveUnderFreeId(base, id -> save(plan, id));
    }

    /** The generated id without its time: the group, its characters a snapshot id cannot hold made '_', cut to fit. */
    static String generatedBase(List<String> groups) {
        return UndoSnapshotIds.base(PREFIX, groups);
    }
}
