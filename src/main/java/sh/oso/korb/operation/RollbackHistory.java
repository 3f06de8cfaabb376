package sh.oso.korb.operation;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.UndoOf;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.StoredSnapshot;

/**
 * The earlier runs of one rollback (the same snapshot, the same groups), as their undo snapshots record them. After
 * a run that did not finish, its undo snapshot holds the offsets from before the rollback, and a rerun's own undo
 * snapshot holds a mix; this finds the former, so the rerun can say which to roll back to.
 */
final class RollbackHistory {

    /** Undo snapshots of the same source snapshot read at most, newest first, before giving up. */
    static final int READ_AT_MOST = 20;

    private final SnapshotRepository snapshots;
    private final SnapshotId target;
    private final Collection<String> groups;

    RollbackHistory(SnapshotRepository snapshots, SnapshotId target, Collection<String> groups) {
        this.snapshots = snapshots;
        this.target = target;
        this.groups = groups;
    }

    /**
     * The newest undo snapshot saved by a run of this rollback, when that run did not finish; empty when there is
     * none or it finished. Reads the store's listing and the newest undo snapshots of the target, headers only.
     */
    Optional<Snapshot> unfinished() {
        String prefix = RollbackOperation.undoPrefix(target);
        List<SnapshotId> candidates = snapshots.list().stream()
                .map(StoredSnapshot::id)
                .filter(id -> id.value().startsWith(prefix))
                .sorted(Comparator.comparing(SnapshotId::value).reversed())
                .limit(READ_AT_MOST)
                .toList();
        for (SnapshotId id : candidates) {
            Snapshot undo;
            try {
                undo = snapshots.loadGroups(id, List.of());
            } catch (KorbException e) {
                continue; // deleted meanwhile, or not korb's: not this rollback's
            }
            Optional<UndoOf> rollback = undo.undoOf().filter(of -> of.isOf(target, groups));
            if (rollback.isPresent()) {
                return rollback.get().finished() ? Optional.empty() : Optional.of(undo);
            }
        }
        return Optional.empty();
    }

    /** The snapshot that holds the offsets from before the first attempt, after {@code undo}'s unfinished run. */
    static SnapshotId preRollbackOf(Snapshot undo) {
        return undo.undoOf().flatMap(UndoOf::preRollbackSnapshotId).orElse(undo.id());
    }

    /** Records that {@code undo}'s rollback is finished: saves the whole undo snapshot again, marked so. */
    void markFinished(Snapshot undo) {
        snapshots.save(undo.withUndoOf(undo.undoOf().orElseThrow().asFinished()), true);
    }
}
