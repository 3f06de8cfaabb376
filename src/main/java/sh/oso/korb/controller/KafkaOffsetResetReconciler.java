package sh.oso.korb.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.tekton.v1.PipelineRun;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
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
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetStatus;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.RunReference;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.RunNames;
import sh.oso.korb.engine.TektonEngine;
import sh.oso.korb.error.InvalidSpecException;
import sh.oso.korb.error.Reason;

/**
 * Runs each KafkaOffsetReset once, as a Tekton PipelineRun of the Pipeline kafka-offset-reset, and mirrors the run
 * into its status ({@link ResetStatusProjection}), derived again on every reconciliation from the resource and its
 * deterministically named run, as {@link KafkaOffsetRollbackReconciler} does a rollback. A first version: Tekton
 * only (a reset meant for another engine is refused, InvalidSpec), and without the rollback's conflict wait,
 * Events, run metrics and job.ttlSecondsAfterFinished clean-up. headerBased fails at once (StrategyNotSupported).
 */
public final class KafkaOffsetResetReconciler implements Reconciler<KafkaOffsetReset>, Cleaner<KafkaOffsetReset> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ControllerConfig config;
    private final TektonEngine tekton;
    private final ResetRuns resets;
    private final Clock clock;

    KafkaOffsetResetReconciler(ControllerConfig config, Clock clock) {
        this.config = config;
        this.tekton = new TektonEngine(config.executor());
        this.resets = new ResetRuns(config);
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, KafkaOffsetReset>> prepareEventSources(EventSourceContext<KafkaOffsetReset> context) {
        if (!config.engines().contains(EngineKind.TEKTON)) {
            return List.of();
        }
        return List.of(new InformerEventSource<>(
                InformerEventSourceConfiguration.from(PipelineRun.class, KafkaOffsetReset.class)
                        .withName("reset-pipelineruns")
                        .withLabelSelector(RunNames.MANAGED_BY + "=korb," + RunNames.OPERATION_LABEL + "=reset")
                        .build(),
                context));
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
        PipelineRun desired;
        try {
            desired = resets.render(resource); // as korb render prints it (Engines)
        } catch (InvalidSpecException e) {
            status.setPhase(Phase.Failed);
            ResetStatusProjection.ready(resource, false, Reason.INVALID_SPEC.reasonName(), e.getMessage(), now);
            return;
        }
        Resource<PipelineRun> existing = tekton.runs(client)
                .inNamespace(resource.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName());
        PipelineRun run = existing.get();
        if (run == null) {
            try {
                run = existing.create(desired);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw new RunCreationException(
                            "PipelineRun " + desired.getMetadata().getName(), e);
                }
                run = existing.get(); // created by an earlier reconciliation that died before the status
            }
        }
        status.setRun(new RunReference(
                EngineKind.TEKTON.apiVersion(),
                EngineKind.TEKTON.runKind(),
                run.getMetadata().getName()));
        status.setRunGeneration(RunNames.generation(resource));
        ResetStatusProjection.apply(resource, tekton.read(client, run), now);
    }

    private void follow(KafkaOffsetReset resource, Context<KafkaOffsetReset> context) {
        KafkaOffsetResetStatus status = resource.getStatus();
        if (status.getPhase() != null && status.getPhase().finished()) {
            return;
        }
        Instant now = clock.instant();
        String name = status.getRun().getName();
        // from the informer's cache; asked of the API only when the cache has not seen it (yet)
        PipelineRun run = context.getSecondaryResources(PipelineRun.class).stream()
                .filter(cached -> name.equals(cached.getMetadata().getName()))
                .findFirst()
                .orElseGet(() -> tekton.runs(context.getClient())
                        .inNamespace(resource.getMetadata().getNamespace())
                        .withName(name)
                        .get());
        if (run == null) {
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
        ResetStatusProjection.apply(resource, tekton.read(context.getClient(), run), now);
    }

    @Override
    public DeleteControl cleanup(KafkaOffsetReset resource, Context<KafkaOffsetReset> context) {
        // the owner reference lets Kubernetes collect the run too; deleting it here stops a running one now
        if (config.engines().contains(EngineKind.TEKTON)) {
            tekton.runs(context.getClient())
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
