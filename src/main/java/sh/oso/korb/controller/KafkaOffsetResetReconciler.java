package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.tekton.v1.PipelineRun;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetStatus;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.RunReference;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.RunNames;
import sh.oso.korb.engine.RunOutcome;
import sh.oso.korb.engine.TektonEngine;
import sh.oso.korb.error.InvalidSpecException;
import sh.oso.korb.error.Reason;

/**
 * Runs each KafkaOffsetReset once, as a Tekton PipelineRun of the Pipeline kafka-offset-reset, and mirrors the run
 * into its status ({@link ResetStatusProjection}), derived again on every reconciliation from the resource and its
 * deterministically named run, as {@link KafkaOffsetRollbackReconciler} does a rollback, and with the rollback's
 * guarantees through the same code: it waits while a reset or rollback of the same groups on the same cluster runs
 * ({@link ConflictDetector}), its transitions are Events and run metrics ({@link Transition}), its run is deleted
 * after job.ttlSecondsAfterFinished ({@link RunExpiry}), and a failed reconciliation says why in its status. Tekton
 * only so far (a reset meant for another engine is refused, InvalidSpec); headerBased fails at once
 * (StrategyNotSupported).
 */
public final class KafkaOffsetResetReconciler implements Reconciler<KafkaOffsetReset>, Cleaner<KafkaOffsetReset> {

    private final ControllerConfig config;
    private final TektonEngine tekton;
    private final ResetRuns resets;
    private final RunListener runs;
    private final Clock clock;

    KafkaOffsetResetReconciler(ControllerConfig config, RunListener runs, Clock clock) {
        this.config = config;
        this.tekton = new TektonEngine(config.executor());
        this.resets = new ResetRuns(config);
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, KafkaOffsetReset>> prepareEventSources(EventSourceContext<KafkaOffsetReset> context) {
        List<EventSource<?, KafkaOffsetReset>> sources = new ArrayList<>(runInformers(context));
        sources.add(ConflictDetector.informer(KafkaOffsetRollback.class, context));
        return sources;
    }

    private List<EventSource<?, KafkaOffsetReset>> runInformers(EventSourceContext<KafkaOffsetReset> context) {
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
        Transition<KafkaOffsetReset> transition = transition(resource, context);
        KafkaOffsetResetStatus status = resource.getStatus();
        Instant now = clock.instant();
        if (status.getRunGeneration() != null) {
            return follow(resource, context, transition);
        }
        if (status.getPhase() == Phase.Failed
                && Long.valueOf(RunNames.generation(resource)).equals(status.getObservedGeneration())) {
            return transition.patch(); // refused before any run: final for this generation
        }
        if (ResetStatusProjection.refuseUnsupported(resource, now)) {
            return transition.patch();
        }
        return start(resource, context, transition, now);
    }

    private UpdateControl<KafkaOffsetReset> start(
            KafkaOffsetReset resource,
            Context<KafkaOffsetReset> context,
            Transition<KafkaOffsetReset> transition,
            Instant now) {
        KafkaOffsetResetStatus status = resource.getStatus();
        PipelineRun desired;
        try {
            desired = resets.render(resource); // as korb render prints it (Engines)
        } catch (InvalidSpecException e) {
            status.setPhase(Phase.Failed);
            ResetStatusProjection.ready(resource, false, Reason.INVALID_SPEC.reasonName(), e.getMessage(), now);
            return transition.patch();
        }
        if (ConflictDetector.waits(
                RunOnceResource.of(resource),
                ConflictDetector.others(KafkaOffsetRollback.class, context),
                context.getPrimaryCache().list(),
                now)) {
            return transition.patch().rescheduleAfter(config.conflictRecheck());
        }
        KubernetesClient client = context.getClient();
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
        return transition.patch();
    }

    private UpdateControl<KafkaOffsetReset> follow(
            KafkaOffsetReset resource, Context<KafkaOffsetReset> context, Transition<KafkaOffsetReset> transition) {
        KafkaOffsetResetStatus status = resource.getStatus();
        RunOnceResource<KafkaOffsetReset> reset = RunOnceResource.of(resource);
        boolean finished = status.getPhase() != null && status.getPhase().finished();
        if (finished && reset.ttlSecondsAfterFinished() == null) {
            return transition.patch(); // nothing is left to watch: no lookup at all
        }
        Instant now = clock.instant();
        String name = status.getRun().getName();
        Resource<PipelineRun> runResource = tekton.runs(context.getClient())
                .inNamespace(resource.getMetadata().getNamespace())
                .withName(name);
        // from the informer's cache; asked of the API only when the cache has not seen it (yet)
        PipelineRun run = context.getSecondaryResources(PipelineRun.class).stream()
                .filter(cached -> name.equals(cached.getMetadata().getName()))
                .findFirst()
                .orElseGet(runResource::get);
        if (finished) {
            return transition.patch(RunExpiry.expire(reset, run, runResource, now, config.deleteRetry()));
        }
        if (run == null) {
            status.setPhase(Phase.Failed);
            status.setCompletionTime(now.toString());
            ResetStatusProjection.ready(
                    resource,
                    false,
                    ControllerReason.PIPELINE_RUN_DELETED.reasonName(),
                    status.getRun() + " was deleted before it finished; create a new KafkaOffsetReset to run again",
                    now);
            return transition.patch();
        }
        RunOutcome outcome = tekton.read(context.getClient(), run);
        ResetStatusProjection.apply(resource, outcome, now);
        return transition.patch(outcome.state().finished() ? RunExpiry.lookAgain(reset, now) : Optional.empty());
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

    @Override
    public ErrorStatusUpdateControl<KafkaOffsetReset> updateErrorStatus(
            KafkaOffsetReset resource, Context<KafkaOffsetReset> context, Exception e) {
        return transition(Transition.stored(resource, context), context).patchAfterError(e, clock.instant());
    }

    private Transition<KafkaOffsetReset> transition(KafkaOffsetReset resource, Context<KafkaOffsetReset> context) {
        return new Transition<>(
                RunOnceResource.reconciled(resource), new EventRecorder(context.getClient(), clock), runs);
    }
}
