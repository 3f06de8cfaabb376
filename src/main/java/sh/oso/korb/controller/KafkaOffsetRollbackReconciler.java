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
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.RunReference;
import sh.oso.korb.engine.Engine;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.RunNames;
import sh.oso.korb.engine.RunOutcome;
import sh.oso.korb.error.InvalidSpecException;

/**
 * Runs each KafkaOffsetRollback once, as a run of its engine (a Tekton PipelineRun, an Argo Workflow or a
 * Kubernetes Job: {@link Engines}), and mirrors the run into the resource's status. Everything is derived again
 * on every reconciliation from the resource and its deterministically named run, so a restarted controller
 * carries on where the last one stopped.
 */
public final class KafkaOffsetRollbackReconciler
        implements Reconciler<KafkaOffsetRollback>, Cleaner<KafkaOffsetRollback> {

    private final ControllerConfig config;
    private final Engines engines;
    private final RunListener runs;
    private final Clock clock;
    private final RunFollower<KafkaOffsetRollback> follower;

    KafkaOffsetRollbackReconciler(ControllerConfig config, RunListener runs, Clock clock) {
        this.config = config;
        this.engines = new Engines(config);
        this.runs = runs;
        this.clock = clock;
        this.follower = new RunFollower<>(config, engines, RunNames.UID_LABEL, new RunFollower.Projection<>() {
            @Override
            public void apply(KafkaOffsetRollback resource, RunOutcome outcome, Instant now) {
                StatusProjection.apply(resource, outcome, now);
            }

            @Override
            public void runDeleted(KafkaOffsetRollback resource, Engine<?> engine, Instant now) {
                KafkaOffsetRollbackReconciler.runDeleted(resource, engine, now);
            }
        });
    }

    @Override
    public List<EventSource<?, KafkaOffsetRollback>> prepareEventSources(
            EventSourceContext<KafkaOffsetRollback> context) {
        return Stream.concat(
                        engines.enabled().stream()
                                .<EventSource<?, KafkaOffsetRollback>>map(
                                        engine -> new InformerEventSource<>(engine.informer(), context)),
                        Stream.of(ConflictDetector.informer(KafkaOffsetReset.class, context)))
                .toList();
    }

    @Override
    public UpdateControl<KafkaOffsetRollback> reconcile(
            KafkaOffsetRollback resource, Context<KafkaOffsetRollback> context) {
        Transition<KafkaOffsetRollback> transition = transition(resource, context);
        Instant now = clock.instant();
        KafkaOffsetRollbackStatus status = resource.getStatus();
        if (status.getRunGeneration() != null) {
            return follow(resource, context, transition, now);
        }
        if (status.getPhase() == Phase.Failed
                && Long.valueOf(RunNames.generation(resource)).equals(status.getObservedGeneration())) {
            // Refused before any run (InvalidSpec): final for this generation. What decided it may change outside the
            // spec (the controller's --engines after a restart, an annotation, which is no spec change), and a
            // resource shown Failed must never start, say, a rollback days later; a new spec generation is judged.
            return transition.patch();
        }
        Engine<?> engine;
        try {
            SpecValidator.validate(resource);
            engine = engines.forNewRun(resource);
        } catch (InvalidSpecException e) {
            status.setPhase(Phase.Failed);
            status.setOperation(
                    resource.getSpec() == null ? null : resource.getSpec().getOperation());
            StatusProjection.ready(
                    resource, false, e.reason().reasonName(), e.getMessage(), RunNames.generation(resource), now);
            return transition.patch();
        }
        if (ConflictDetector.waits(
                RunOnceResource.of(resource),
                context.getPrimaryCache().list(),
                ConflictDetector.others(KafkaOffsetReset.class, context),
                now)) {
            status.setOperation(resource.getSpec().getOperation());
            status.setSnapshotId(resource.getSpec().getSnapshotId());
            return transition.patch().rescheduleAfter(config.conflictRecheck());
        }
        RunOutcome outcome = start(engine, resource, context.getClient());
        status.setOperation(resource.getSpec().getOperation());
        status.setSnapshotId(resource.getSpec().getSnapshotId());
        status.setRun(new RunReference(engine.kind().apiVersion(), engine.kind().runKind(), RunNames.run(resource)));
        // Kept for users of the first releases, which ran on Tekton only and named the run here.
        status.setPipelineRun(engine.kind() == EngineKind.TEKTON ? RunNames.run(resource) : null);
        status.setRunGeneration(RunNames.generation(resource));
        StatusProjection.apply(resource, outcome, now);
        return transition.patch();
    }

    /** Creates the run (or adopts it: {@link Engines#createOrAdopt}) and reads where it stands. */
    private static <T extends HasMetadata> RunOutcome start(
            Engine<T> engine, KafkaOffsetRollback resource, KubernetesClient client) {
        return engine.read(client, Engines.createOrAdopt(engine, engine.render(resource), client));
    }

    private UpdateControl<KafkaOffsetRollback> follow(
            KafkaOffsetRollback resource,
            Context<KafkaOffsetRollback> context,
            Transition<KafkaOffsetRollback> transition,
            Instant now) {
        KafkaOffsetRollbackStatus status = resource.getStatus();
        if (RunNames.generation(resource) != status.getRunGeneration()) {
            Conditions.set(
                    status.getConditions(),
                    Conditions.SPEC_CHANGE_IGNORED,
                    true,
                    ControllerReason.SPEC_CHANGED_AFTER_RUN.reasonName(),
                    "spec generation " + RunNames.generation(resource) + " was not run: this resource ran generation "
                            + status.getRunGeneration() + "; create a new KafkaOffsetRollback to run again",
                    RunNames.generation(resource),
                    now);
        }
        return follower.follow(
                RunOnceResource.of(resource),
                engines.forExistingRun(status),
                Engines.describeRun(status),
                context,
                transition,
                now);
    }

    /** Ready false for a run deleted before it finished, with what may have deleted it. */
    private static void runDeleted(KafkaOffsetRollback resource, Engine<?> engine, Instant now) {
        KafkaOffsetRollbackStatus status = resource.getStatus();
        StatusProjection.ready(
                resource,
                false,
                ControllerReason.PIPELINE_RUN_DELETED.reasonName(),
                RunFollower.runDeletedMessage(
                        Engines.describeRun(status), engine, RunOnceResource.of(resource), "KafkaOffsetRollback"),
                status.getRunGeneration(),
                now);
    }

    @Override
    public DeleteControl cleanup(KafkaOffsetRollback resource, Context<KafkaOffsetRollback> context) {
        return follower.cleanup(resource, context);
    }

    @Override
    public ErrorStatusUpdateControl<KafkaOffsetRollback> updateErrorStatus(
            KafkaOffsetRollback resource, Context<KafkaOffsetRollback> context, Exception e) {
        return transition(Transition.stored(resource, context), context).patchAfterError(e, clock.instant());
    }

    private Transition<KafkaOffsetRollback> transition(
            KafkaOffsetRollback resource, Context<KafkaOffsetRollback> context) {
        return new Transition<>(
                RunOnceResource.reconciled(resource), new EventRecorder(context.getClient(), clock), runs);
    }
}
