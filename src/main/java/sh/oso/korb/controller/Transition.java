package sh.oso.korb.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.RunSpec;
import sh.oso.korb.api.RunStatus;

/**
 * The status as a reconciliation found it, to patch only what changed, to emit one Event per transition of
 * the phase or of the Ready reason, and to tell the {@link RunListener} when the run started or finished; for a
 * KafkaOffsetRollback and a KafkaOffsetReset alike.
 */
final class Transition<R extends CustomResource<? extends RunSpec, ? extends RunStatus>> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunOnceResource<R> resource;
    private final EventRecorder events;
    private final RunListener runs;
    private final String before;
    private final Phase phaseBefore;
    private final String reasonBefore;
    private final String runBefore;
    private final boolean specChangeReportedBefore;

    Transition(RunOnceResource<R> resource, EventRecorder events, RunListener runs) {
        this.resource = resource;
        this.events = events;
        this.runs = runs;
        RunStatus status = resource.status();
        this.before = json(status);
        this.phaseBefore = status.getPhase();
        this.reasonBefore = Conditions.readyReason(status.getConditions()).orElse(null);
        this.runBefore = resource.runName();
        this.specChangeReportedBefore = Conditions.find(status.getConditions(), Conditions.SPEC_CHANGE_IGNORED)
                .isPresent();
    }

    /**
     * JOSDK hands {@code updateErrorStatus} its copy of the resource, which the failed reconciliation may have
     * changed already (a run adopted, a phase read) without storing it. The error status starts from the stored
     * resource, a copy of the cache's: what was not stored is neither kept nor reported as a transition (no Event,
     * no run counted); the retry does it again.
     */
    static <R extends CustomResource<? extends RunSpec, ? extends RunStatus>> R stored(R resource, Context<R> context) {
        return context.getClient()
                .getKubernetesSerialization()
                .clone(context.getPrimaryCache()
                        .get(ResourceID.fromResource(resource))
                        .orElse(resource));
    }

    UpdateControl<R> patch() {
        return changed() ? UpdateControl.patchStatus(resource.resource()) : UpdateControl.noUpdate();
    }

    /** {@link #patch}, looked at again after {@code lookAgain} when there is one (e.g. {@link RunExpiry}). */
    UpdateControl<R> patch(Optional<Duration> lookAgain) {
        UpdateControl<R> control = patch();
        return lookAgain.map(control::rescheduleAfter).orElse(control);
    }

    /**
     * After a failed reconciliation, on the {@link #stored} resource: its status says why (ReconcileFailure), Pending
     * if it had no phase yet (the run could not be created yet); a finished resource's outcome stands. Patched when
     * it changed; JOSDK retries either way.
     */
    ErrorStatusUpdateControl<R> patchAfterError(Exception e, Instant now) {
        RunStatus status = resource.status();
        if (status.getPhase() != null && status.getPhase().finished()) {
            return ErrorStatusUpdateControl.defaultErrorProcessing(); // only the retry is left
        }
        if (status.getPhase() == null) {
            status.setPhase(Phase.Pending);
        }
        ReconcileFailure failure = ReconcileFailure.of(e);
        resource.ready(false, failure.reason(), failure.message(), now);
        return changed()
                ? ErrorStatusUpdateControl.patchStatus(resource.resource())
                : ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    private boolean changed() {
        RunStatus status = resource.status();
        if (json(status).equals(before)) {
            return false;
        }
        String reason = Conditions.readyReason(status.getConditions()).orElse(null);
        if (status.getPhase() != phaseBefore || !Objects.equals(reason, reasonBefore)) {
            String message = Conditions.find(status.getConditions(), Conditions.READY)
                    .map(condition -> condition.getMessage())
                    .orElse("");
            if (warns(status.getPhase(), reason)) {
                events.warning(resource.resource(), reason, message);
            } else {
                events.normal(resource.resource(), reason, message);
            }
        }
        if (!specChangeReportedBefore) {
            Conditions.find(status.getConditions(), Conditions.SPEC_CHANGE_IGNORED)
                    .ifPresent(condition ->
                            events.warning(resource.resource(), condition.getReason(), condition.getMessage()));
        }
        if (runBefore == null && resource.runName() != null) {
            runs.started(resource.resource(), resource.operation());
        }
        boolean finishedBefore = phaseBefore != null && phaseBefore.finished();
        boolean finished = status.getPhase() != null && status.getPhase().finished();
        if (!finishedBefore && finished && resource.runName() != null) {
            runs.finished(resource.resource(), resource.operation(), status.getPhase());
        }
        return true;
    }

    /** Failed, or held up: waiting for a conflicting run, or a failed reconciliation that is retried. */
    private static boolean warns(Phase phase, String reason) {
        return phase == Phase.Failed || ControllerReason.holdsUp(reason);
    }

    private static String json(RunStatus status) {
        try {
            return JSON.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status that cannot be written as JSON", e);
        }
    }
}
