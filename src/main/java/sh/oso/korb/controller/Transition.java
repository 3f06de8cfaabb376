package sh.oso.korb.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Phase;

/**
 * The status as a reconciliation found it, to patch only what changed and to emit one Event per transition of
 * the phase or of the Ready reason.
 */
final class Transition {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaOffsetRollback resource;
    private final EventRecorder events;
    private final String before;
    private final Phase phaseBefore;
    private final String reasonBefore;
    private final boolean specChangeReportedBefore;

    Transition(KafkaOffsetRollback resource, EventRecorder events) {
        this.resource = resource;
        this.events = events;
        KafkaOffsetRollbackStatus status = resource.getStatus();
        this.before = json(status);
        this.phaseBefore = status.getPhase();
        this.reasonBefore = Conditions.readyReason(status.getConditions()).orElse(null);
        this.specChangeReportedBefore = Conditions.find(status.getConditions(), Conditions.SPEC_CHANGE_IGNORED).isPresent();
    }

    UpdateControl<KafkaOffsetRollback> patch() {
        KafkaOffsetRollbackStatus status = resource.getStatus();
        if (json(status).equals(before)) {
            return UpdateControl.noUpdate();
        }
        String reason = Conditions.readyReason(status.getConditions()).orElse(null);
        if (status.getPhase() != phaseBefore || !Objects.equals(reason, reasonBefore)) {
            String message = Conditions.find(status.getConditions(), Conditions.READY)
                    .map(condition -> condition.getMessage()).orElse("");
            if (status.getPhase() == Phase.Failed || "WaitingForConflictingOperation".equals(reason)) {
                events.warning(resource, reason, message);
            } else {
                events.normal(resource, reason, message);
            }
        }
        if (!specChangeReportedBefore) {
            Conditions.find(status.getConditions(), Conditions.SPEC_CHANGE_IGNORED)
                    .ifPresent(condition -> events.warning(resource, condition.getReason(), condition.getMessage()));
        }
        return UpdateControl.patchStatus(resource);
    }

    private static String json(KafkaOffsetRollbackStatus status) {
        try {
            return JSON.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status that cannot be written as JSON", e);
        }
    }
}
