package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import sh.oso.korb.api.Phase;

/**
 * Hears of a resource's run starting and finishing, as a reconciliation records it in the status it is about to
 * store: once when the status first names the run, once when its phase first becomes final. {@code operation} is
 * {@link RunOnceResource#operation()}: a rollback's operation, or reset.
 */
interface RunListener {

    RunListener NONE = new RunListener() {
        @Override
        public void started(HasMetadata resource, String operation) {}

        @Override
        public void finished(HasMetadata resource, String operation, Phase phase) {}
    };

    void started(HasMetadata resource, String operation);

    /** {@code phase} is Completed or Failed. */
    void finished(HasMetadata resource, String operation, Phase phase);
}
