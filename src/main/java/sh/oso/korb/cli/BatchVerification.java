package sh.oso.korb.cli;

import java.util.function.Supplier;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.operation.VerifyOutcome;
import sh.oso.korb.snapshot.SnapshotSummary;

/**
 * The --verify of a change made in batches (rollback, reset): each batch is compared right after its commits, with
 * its targets still in memory. A comparison that fails (Kafka stops answering, say) is kept, and no later batch is
 * compared: it is thrown only once the change itself has been reported, so the failure says first what changed.
 */
final class BatchVerification {

    private final boolean enabled;
    private final VerifyOutcome.Totals totals = new VerifyOutcome.Totals();
    private KorbException failure;

    BatchVerification(boolean enabled) {
        this.enabled = enabled;
    }

    void compare(Supplier<VerifyOutcome> batch) {
        if (!enabled || failure != null) {
            return;
        }
        try {
            totals.add(batch.get());
        } catch (KorbException e) {
            failure = e;
        }
    }

    /** How every batch compared; throws the failure that stopped the comparisons, if one did. */
    VerifyOutcome outcome(SnapshotSummary compared) {
        if (failure != null) {
            throw failure;
        }
        return totals.outcome(compared);
    }
}
