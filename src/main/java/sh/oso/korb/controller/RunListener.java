package sh.oso.korb.controller;

import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.Phase;

/**
 * Hears of a resource's run starting and finishing, as a reconciliation records it in the status it is about to
 * store: once when the status first names the run, once when its phase first becomes final.
 */
interface RunListener {

    RunListener NONE = new RunListener() {
        @Override
        public void started(KafkaOffsetRollback resource, Operation operation) {}

        @Override
        public void finished(KafkaOffsetRollback resource, Operation operation, Phase phase) {}
    };

    void started(KafkaOffsetRollback resource, Operation operation);

    /** {@code phase} is Completed or Failed. */
    void finished(KafkaOffsetRollback resource, Operation operation, Phase phase);
}
