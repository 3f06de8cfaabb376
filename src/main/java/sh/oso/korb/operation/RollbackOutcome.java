package sh.oso.korb.operation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * What a rollback did, also when it did not finish.
 *
 * @param undoSnapshot        the snapshot of the offsets this run found; empty when nothing had to change
 * @param preRollbackSnapshot the snapshot of the offsets from before this rollback's first attempt: this run's undo
 *                            snapshot, or that of an earlier run of the same rollback that did not finish
 * @param commits             how each group's commit ended; no group when nothing had to change
 * @param partitionsByGroup   how many partitions each group's commit (and with --exact deletion) changes
 * @param deletionsByGroup    how many of those are offsets deleted (--exact)
 * @param warnings            what went wrong without changing the outcome, one line each
 * @param undoByEarlierAttempt whether the undo snapshot was saved by an earlier attempt of the same run (a retry),
 *                             which this one kept
 */
public record RollbackOutcome(
        Optional<SnapshotId> undoSnapshot,
        Optional<SnapshotId> preRollbackSnapshot,
        CommitOutcome commits,
        Map<String, Integer> partitionsByGroup,
        Map<String, Integer> deletionsByGroup,
        List<String> warnings,
        boolean undoByEarlierAttempt) {

    /** The outcome of a rollback that deletes no offset. */
    public RollbackOutcome(
            Optional<SnapshotId> undoSnapshot,
            Optional<SnapshotId> preRollbackSnapshot,
            CommitOutcome commits,
            Map<String, Integer> partitionsByGroup,
            List<String> warnings,
            boolean undoByEarlierAttempt) {
        this(undoSnapshot, preRollbackSnapshot, commits, partitionsByGroup, Map.of(), warnings, undoByEarlierAttempt);
    }

    public RollbackOutcome {
        partitionsByGroup = Map.copyOf(partitionsByGroup);
        deletionsByGroup = Map.copyOf(deletionsByGroup);
        warnings = List.copyOf(warnings);
    }

    /** Whether every planned commit was applied. */
    public boolean complete() {
        return commits.allCommitted();
    }

    /**
     * Partitions whose offsets were changed: those of the groups whose commit (and deletion) was applied. A group
     * whose commit was applied but whose deletion was not counts as not rolled back, its partitions as unchanged.
     */
    public int changedPartitions() {
        return commits.with(GroupCommit.Status.COMMITTED).stream()
                .mapToInt(partitionsByGroup::get)
                .sum();
    }

    /** Offsets deleted (--exact): those of the groups whose commit and deletion were applied. */
    public int deletedPartitions() {
        return commits.with(GroupCommit.Status.COMMITTED).stream()
                .mapToInt(group -> deletionsByGroup.getOrDefault(group, 0))
                .sum();
    }

    /** Whether an earlier run of this rollback did not finish, so its undo snapshot holds the original offsets. */
    public boolean continuesAnEarlierRun() {
        return preRollbackSnapshot.isPresent() && !preRollbackSnapshot.equals(undoSnapshot);
    }
}
