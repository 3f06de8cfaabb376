package sh.oso.korb.operation;

import java.util.Optional;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * What a rollback did.
 *
 * @param undoSnapshot the snapshot of the offsets before the rollback; empty when nothing had to change
 */
public record RollbackOutcome(Optional<SnapshotId> undoSnapshot) {}
