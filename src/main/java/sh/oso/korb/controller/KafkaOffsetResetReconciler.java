package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.List;
import java.util.stream.Stream;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetStatus;
import sh.oso.korb.api.KafkaOffsetRollback;
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
 * from the resource and its deterministically named run, as {@link KafkaOffsetRollbackReconciler} does a rollback,
 * and with the rollback's guarantees through the same code: it waits while a reset or rollback of the same groups
 * on the same cluster runs ({@link ConflictDetector}), its transitions are Events and run metrics ({@link
 * Transition}), its run is deleted after job.ttlSecondsAfterFinished ({@link RunExpiry}), and a failed
 * reconciliation says why in its status. headerBased fails at once (StrategyNotSupported).
 */
public final class KafkaOffsetResetReconciler implements Reconciler<KafkaOffsetReset>, Cleaner<KafkaOffsetReset> {

    private final ControllerConfig config;
    private final Engines engines;
    private final RunListener runs;
    private final Clock clock;
    private final RunFollower<KafkaOffsetReset> follower;

    KafkaOffsetResetReconciler(ControllerConfig config, RunListener runs, Clock clock) {
        this.config = config;
        this.engines = new Engines(config);
        this.runs = runs;
        this.clock = clock;
        this.follower = new RunFollower<>(config, engines, RunNames.RESET_UID_LABEL, new RunFollower.Projection<>() {
            @Override
            public void apply(KafkaOffsetReset resource, RunOutcome outcome, Instant now) {
                ResetStatusProjection.apply(resource, outcome, now);
            }

            @Override
            public void runDeleted(KafkaOffsetReset resource, Engine<?> engine, Instant now) {
                ResetStatusProjection.ready(
                        resource,
                        false,
                        ControllerReason.PIPELINE_RUN_DELETED.reasonName(),
                        RunFollower.runDeletedMessage(
                                String.valueOf(resource.getStatus().getRun()),
                                engine,
                                RunOnceResource.of(resource),
                                "KafkaOffsetReset"),
                        now);
            }
        });
    }

    @Override
    public List<EventSource<?, KafkaOffsetReset>> prepareEventSources(EventSourceContext<KafkaOffsetReset> context) {
        return Stream.concat(
                        engines.enabled().stream()
                                .<EventSource<?, KafkaOffsetReset>>map(
                                        engine -> new InformerEventSource<>(engine.resetInformer(), context)),
                        Stream.of(ConflictDetector.informer(KafkaOffsetRollback.class, context)))
                .toList();
    }

    @Override
    public UpdateControl<KafkaOffsetReset> reconcile(KafkaOffsetReset resource, Context<KafkaOffsetReset> context) {
        Transition<KafkaOffsetReset> transition = transition(resource, context);
        KafkaOffsetResetStatus status = resource.getStatus();
        Instant now = clock.instant();
        if (status.getRunGeneration() != null) {
            return follow(resource, context, transition, now);
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
        Engine<?> engine;
        try {
            engine = engines.forNewRun(resource); // as korb render chooses it
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
        RunOutcome outcome = start(engine, resource, context.getClient());
        status.setRun(new RunReference(engine.kind().apiVersion(), engine.kind().runKind(), RunNames.run(resource)));
        status.setRunGeneration(RunNames.generation(resource));
        ResetStatusProjection.apply(resource, outcome, now);
        return transition.patch();
    }

    /** Creates the run (or adopts it: {@link Engines#createOrAdopt}) and reads where it stands. */
    private static <T extends HasMetadata> RunOutcome start(
            Engine<T> engine, KafkaOffsetReset resource, KubernetesClient client) {
        return engine.read(client, Engines.createOrAdopt(engine, engine.render(resource), client));
    }

    private UpdateControl<KafkaOffsetReset> follow(
            KafkaOffsetReset resource,
            Context<KafkaOffsetReset> context,
            Transition<KafkaOffsetReset> transition,
            Instant now) {
        KafkaOffsetResetStatus status = resource.getStatus();
        return follower.follow(
                RunOnceResource.of(resource),
                engines.forRun(status.getRun()),
                String.valueOf(status.getRun()),
                context,
                transition,
                now);
    }

    @Override
    public DeleteControl cleanup(KafkaOffsetReset resource, Context<KafkaOffsetReset> context) {
        return follower.cleanup(resource, context);
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
