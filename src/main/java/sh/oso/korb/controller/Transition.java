package sh.oso.korb.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Phase;

/**
 * The status as a reconciliation found it, to patch only what changed, to emit one Event per transition of
 * the phase or of the Ready reason, and to tell the {@link RunListener} when the run started or finished.
 */
final class Transition {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaOffsetRollback resource;
    private final EventRecorder events;
    private final RunListener runs;
    private final String before;
    private final Phase phaseBefore;
    private final String reasonBefore;
    private final String runBefore;
    private final boolean specChangeReportedBefore;

    Transition(KafkaOffsetRollback resource, EventRecorder events, RunListener runs) {
        this.resource = resource;
        this.events = events;
        this.runs = runs;
        KafkaOffsetRollbackStatus status = resource.getStatus();
        this.before = json(status);
        this.phaseBefore = status.getPhase();
        this.reasonBefore = Conditions.readyReason(status.getConditions()).orElse(null);
        this.runBefore = Engines.runName(status);
        this.specChangeReportedBefore = Conditions.find(status.getConditions(), Conditions.SPEC_CHANGE_IGNORED)
                .isPresent();
    }

    UpdateControl<KafkaOffsetRollback> patch() {
        return changed() ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
    }

    /** After a failed reconciliation: the status patched when it changed; JOSDK retries either way. */
    ErrorStatusUpdateControl<KafkaOffsetRollback> patchAfterError() {
        return changed()
                ? ErrorStatusUpdateControl.patchStatus(resource)
                : ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    private boolean changed() {
        KafkaOffsetRollbackStatus status = resource.getStatus();
        if (json(status).equals(before)) {
            return false;
        }
        String reason = Conditions.readyReason(status.getConditions()).orElse(null);
        if (status.getPhase() != phaseBefore || !Objects.equals(reason, reasonBefore)) {
            String message = Conditions.find(status.getConditions(), Conditions.READY)
                    .map(condition -> condition.getMessage())
                    .orElse("");
            if (warns(status.getPhase(), reason)) {
                events.warning(resource, reason, message);
            } else {
                events.normal(resource, reason, message);
            }
        }
        if (!specChangeReportedBefore) {
            Conditions.find(status.getConditions(), Conditions.SPEC_CHANGE_IGNORED)
                    .ifPresent(condition -> events.warning(resource, condition.getReason(), condition.getMessage()));
        }
        if (runBefore == null && Engines.runName(status) != null) {
            runs.started(resource, resource.getSpec().getOperation());
        }
        boolean finishedBefore = phaseBefore != null && phaseBefore.finished();
        boolean finished = status.getPhase() != null && status.getPhase().finished();
        if (!finishedBefore && finished && Engines.runName(status) != null) {
            runs.finished(resource, resource.getSpec().getOperation(), status.getPhase());
        }
        return true;
    }

    /** Failed, or held up: waiting for a conflicting run, or a failed reconciliation that is retried. */
    private static boolean warns(Phase phase, String reason) {
        return phase == Phase.Failed || ControllerReason.holdsUp(reason);
    }

    private static String json(KafkaOffsetRollbackStatus status) {
        try {
            return JSON.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status that cannot be written as JSON", e);
        }
    }
}
