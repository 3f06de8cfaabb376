package sh.oso.korb.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetStatus;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.RunReference;
import sh.oso.korb.engine.Engine;
import sh.oso.korb.engine.RunNames;
import sh.oso.korb.engine.RunOutcome;
import sh.oso.korb.error.InvalidSpecException;
import sh.oso.korb.error.Reason;

/**
 * Runs each KafkaOffsetReset once, as a run of its engine chosen as a rollback's ({@link Engines}: a Tekton
 * PipelineRun of the Pipeline kafka-offset-reset, an Argo Workflow of the template reset or a Job of the Task's
 * step), and mirrors the run into its status ({@link ResetStatusProjection}), derived again on every reconciliation
 * from the resource and its deterministically named run, as {@link KafkaOffsetRollbackReconciler} does a rollback.
 * A first version: without the rollback's conflict wait,
 * Events, run metrics and job.ttlSecondsAfterFinished clean-up. headerBased fails at once (StrategyNotSupported).
 */
public final class KafkaOffsetResetReconciler implements Reconciler<KafkaOffsetReset>, Cleaner<KafkaOffsetReset> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ControllerConfig config;
    private final Engines engines;
    private final Clock clock;

    KafkaOffsetResetReconciler(ControllerConfig config, Clock clock) {
        this.config = config;
        this.engines = new Engines(config);
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, KafkaOffsetReset>> prepareEventSources(EventSourceContext<KafkaOffsetReset> context) {
        return engines.enabled().stream()
                .<EventSource<?, KafkaOffsetReset>>map(
                        engine -> new InformerEventSource<>(engine.resetInformer(), context))
                .toList();
    }

    @Override
    public UpdateControl<KafkaOffsetReset> reconcile(KafkaOffsetReset resource, Context<KafkaOffsetReset> context) {
        if (resource.getStatus() == null) {
            resource.setStatus(new KafkaOffsetResetStatus());
        }
        KafkaOffsetResetStatus status = resource.getStatus();
        String before = json(status);
        Instant now = clock.instant();
        if (status.getRunGeneration() != null) {
            follow(resource, context);
        } else if (status.getPhase() == Phase.Failed
                && Long.valueOf(RunNames.generation(resource)).equals(status.getObservedGeneration())) {
            return UpdateControl.noUpdate(); // refused before any run: final for this generation
        } else if (!ResetStatusProjection.refuseUnsupported(resource, now)) {
            start(resource, context.getClient(), now);
        }
        return json(status).equals(before) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(resource);
    }

    private void start(KafkaOffsetReset resource, KubernetesClient client, Instant now) {
        KafkaOffsetResetStatus status = resource.getStatus();
        Engine<?> engine;
        try {
            engine = engines.forNewRun(resource); // as korb render chooses it
        } catch (InvalidSpecException e) {
            status.setPhase(Phase.Failed);
            ResetStatusProjection.ready(resource, false, Reason.INVALID_SPEC.reasonName(), e.getMessage(), now);
            return;
        }
        RunOutcome outcome = start(engine, resource, client);
        status.setRun(new RunReference(engine.kind().apiVersion(), engine.kind().runKind(), RunNames.run(resource)));
        status.setRunGeneration(RunNames.generation(resource));
        ResetStatusProjection.apply(resource, outcome, now);
    }

    /** Creates the run (or adopts it: {@link Engines#createOrAdopt}) and reads where it stands. */
    private static <T extends HasMetadata> RunOutcome start(
            Engine<T> engine, KafkaOffsetReset resource, KubernetesClient client) {
        return engine.read(client, Engines.createOrAdopt(engine, engine.render(resource), client));
    }

    private void follow(KafkaOffsetReset resource, Context<KafkaOffsetReset> context) {
        KafkaOffsetResetStatus status = resource.getStatus();
        if (status.getPhase() != null && status.getPhase().finished()) {
            return;
        }
        Instant now = clock.instant();
        Engine<?> engine = engines.forRun(status.getRun())
                .orElseThrow(() -> new IllegalStateException(status.getRun()
                        + " belongs to an engine this installation does not run; enable it with korb controller"
                        + " --engines"));
        Optional<RunOutcome> outcome = read(engine, resource, context);
        if (outcome.isEmpty()) {
            status.setPhase(Phase.Failed);
            status.setCompletionTime(now.toString());
            ResetStatusProjection.ready(
                    resource,
                    false,
                    ControllerReason.PIPELINE_RUN_DELETED.reasonName(),
                    status.getRun() + " was deleted before it finished; create a new KafkaOffsetReset to run again",
                    now);
            return;
        }
        ResetStatusProjection.apply(resource, outcome.get(), now);
    }

    /** Where the run the status names stands; empty when it is gone. */
    private static <T extends HasMetadata> Optional<RunOutcome> read(
            Engine<T> engine, KafkaOffsetReset resource, Context<KafkaOffsetReset> context) {
        T run = Engines.find(
                engine,
                context,
                resource.getMetadata().getNamespace(),
                resource.getStatus().getRun().getName());
        return Optional.ofNullable(run).map(found -> engine.read(context.getClient(), found));
    }

    @Override
    public DeleteControl cleanup(KafkaOffsetReset resource, Context<KafkaOffsetReset> context) {
        // the owner reference lets Kubernetes collect the run too; deleting it here stops a running one now (every
        // enabled engine is asked: the status may not name the run yet)
        for (Engine<?> engine : engines.enabled()) {
            engine.runs(context.getClient())
                    .inNamespace(resource.getMetadata().getNamespace())
                    .withLabel(RunNames.RESET_UID_LABEL, resource.getMetadata().getUid())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        }
        return DeleteControl.defaultDelete();
    }

    private static String json(KafkaOffsetResetStatus status) {
        try {
            return JSON.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status that cannot be written as JSON", e);
        }
    }
}
