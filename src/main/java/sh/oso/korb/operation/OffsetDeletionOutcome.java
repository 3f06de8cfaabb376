package sh.oso.korb.operation;

import java.util.Map;
import java.util.Optional;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * What {@code korb delete-offsets} did, also when it did not finish.
 *
 * @param undoSnapshot     the snapshot of the groups' offsets from before the deletion; empty when there was nothing
 *                         to delete
 * @param deletions        how each group's deletion request ended; no group when there was nothing to delete
 * @param deletionsByGroup how many offsets each group's request deletes
 */
public record OffsetDeletionOutcome(
        Optional<SnapshotId> undoSnapshot, CommitOutcome deletions, Map<String, Integer> deletionsByGroup) {

    public OffsetDeletionOutcome {
        deletionsByGroup = Map.copyOf(deletionsByGroup);
    }

    public boolean complete() {
        return deletions.allCommitted();
    }

    /** Offsets deleted: those of the groups whose request was applied. */
    public int deletedPartitions() {
        return deletions.with(GroupCommit.Status.COMMITTED).stream()
                .mapToInt(deletionsByGroup::get)
                .sum();
    }

    /** Whether consumers joining groups is all that kept some offsets from being deleted. */
    public boolean onlyJoined() {
        return deletions.groups().values().stream()
                .allMatch(group -> group.isCommitted() || group.status() == GroupCommit.Status.ACTIVE_NOW);
    }
}
