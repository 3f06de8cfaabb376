package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOffsetRollbackReconciler.class);
    /** Past a run's expiry before deleting it: time for the informer to hold the status that stored its outcome. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final ControllerConfig config;
    private final Engines engines;
    private final RunListener runs;
    private final Clock clock;

    KafkaOffsetRollbackReconciler(ControllerConfig config, RunListener runs, Clock clock) {
        this.config = config;
        this.engines = new Engines(config);
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, KafkaOffsetRollback>> prepareEventSources(
            EventSourceContext<KafkaOffsetRollback> context) {
        return engines.enabled().stream()
                .<EventSource<?, KafkaOffsetRollback>>map(
                        engine -> new InformerEventSource<>(engine.informer(), context))
                .toList();
    }

    @Override
    public UpdateControl<KafkaOffsetRollback> reconcile(
            KafkaOffsetRollback resource, Context<KafkaOffsetRollback> context) {
        Transition transition = transition(resource, context);
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
        Optional<KafkaOffsetRollback> blocker = ConflictDetector.blocker(
                resource, context.getPrimaryCache().list().toList());
        if (blocker.isPresent()) {
            status.setPhase(Phase.Pending);
            status.setOperation(resource.getSpec().getOperation());
            status.setSnapshotId(resource.getSpec().getSnapshotId());
            StatusProjection.ready(
                    resource,
                    false,
                    ControllerReason.WAITING_FOR_CONFLICTING_OPERATION.reasonName(),
                    "waiting for " + ConflictDetector.describe(blocker.get()) + " to finish",
                    RunNames.generation(resource),
                    now);
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
            KafkaOffsetRollback resource, Context<KafkaOffsetRollback> context, Transition transition, Instant now) {
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
        boolean finished = status.getPhase() != null && status.getPhase().finished();
        if (finished && ttlSecondsAfterFinished(resource) == null) {
            return transition.patch(); // nothing is left to watch: no lookup at all
        }
        Engine<?> engine = engines.forExistingRun(status)
                .orElseThrow(() -> new IllegalStateException(Engines.describeRun(status)
                        + " belongs to an engine this installation does not run; enable it with korb controller"
                        + " --engines"));
        return follow(engine, resource, context, transition, now, finished);
    }

    private <T extends HasMetadata> UpdateControl<KafkaOffsetRollback> follow(
            Engine<T> engine,
            KafkaOffsetRollback resource,
            Context<KafkaOffsetRollback> context,
            Transition transition,
            Instant now,
            boolean finished) {
        KafkaOffsetRollbackStatus status = resource.getStatus();
        KubernetesClient client = context.getClient();
        String name = Engines.runName(status);
        Resource<T> runResource = engine.runs(client)
                .inNamespace(resource.getMetadata().getNamespace())
                .withName(name);
        T run = Engines.find(engine, context, resource.getMetadata().getNamespace(), name);
        if (finished) {
            return patch(transition, expire(resource, run, runResource, now));
        }
        if (run == null) {
            status.setPhase(Phase.Failed);
            status.setCompletionTime(now.toString());
            StatusProjection.ready(
                    resource,
                    false,
                    ControllerReason.PIPELINE_RUN_DELETED.reasonName(),
                    Engines.describeRun(status) + " was deleted before it finished"
                            + (engine.kind().deletesExpiredRuns() && ttlSecondsAfterFinished(resource) != null
                                    ? " (or " + engine.kind().value() + " deleted it after job.ttlSecondsAfterFinished"
                                            + " before the controller read its outcome: check the store and Kafka)"
                                    : "")
                            + "; create a new KafkaOffsetRollback to run again",
                    status.getRunGeneration(),
                    now);
            return transition.patch();
        }
        RunOutcome outcome = engine.read(client, run);
        StatusProjection.apply(resource, outcome, now);
        if (outcome.state().finished() && ttlSecondsAfterFinished(resource) != null) {
            // Deleted by a later reconciliation, once the stored status holds the outcome: deleted now, a status
            // patch that then failed would leave its retry a run that is gone (PipelineRunDeleted).
            return transition.patch().rescheduleAfter(untilExpiry(resource, now).plus(SETTLE));
        }
        return transition.patch();
    }

    /** The status patched last, so that nothing can throw after its Events are sent and its run counted. */
    private static UpdateControl<KafkaOffsetRollback> patch(Transition transition, Optional<Duration> lookAgain) {
        UpdateControl<KafkaOffsetRollback> control = transition.patch();
        return lookAgain.map(control::rescheduleAfter).orElse(control);
    }

    /**
     * Deletes the finished PipelineRun once job.ttlSecondsAfterFinished has passed; the status stays. Returns when
     * to look again: at the expiry, or after a deletion the API refused. That is housekeeping: the outcome is
     * stored, so a refusal (RBAC without delete, the API down) is logged and tried again, not a failed
     * reconciliation.
     */
    private <T extends HasMetadata> Optional<Duration> expire(
            KafkaOffsetRollback resource, T run, Resource<T> runResource, Instant now) {
        if (ttlSecondsAfterFinished(resource) == null || run == null) {
            return Optional.empty();
        }
        Duration left = untilExpiry(resource, now);
        if (!left.isZero()) {
            return Optional.of(left.plus(SETTLE));
        }
        try {
            // In the background, as kubectl does: a Job deleted through the API would otherwise orphan its pods.
            runResource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            return Optional.empty();
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "could not delete {} {}/{} after job.ttlSecondsAfterFinished: {}; trying again in {}",
                    run.getKind(),
                    resource.getMetadata().getNamespace(),
                    run.getMetadata().getName(),
                    ReconcileFailure.apiMessage(e),
                    config.deleteRetry());
            return Optional.of(config.deleteRetry());
        }
    }

    /** How long the finished run has left before job.ttlSecondsAfterFinished; zero once it has passed. */
    private static Duration untilExpiry(KafkaOffsetRollback resource, Instant now) {
        Instant expiry =
                Instant.parse(resource.getStatus().getCompletionTime()).plusSeconds(ttlSecondsAfterFinished(resource));
        return now.isBefore(expiry) ? Duration.between(now, expiry) : Duration.ZERO;
    }

    private static Long ttlSecondsAfterFinished(KafkaOffsetRollback resource) {
        return resource.getSpec().getJob() == null
                ? null
                : resource.getSpec().getJob().getTtlSecondsAfterFinished();
    }

    @Override
    public DeleteControl cleanup(KafkaOffsetRollback resource, Context<KafkaOffsetRollback> context) {
        // The owner reference lets Kubernetes collect the run too; deleting it here stops a running one now. Every
        // enabled engine is asked: the status may not name the run yet (created, then the controller stopped).
        for (Engine<?> engine : engines.enabled()) {
            engine.runs(context.getClient())
                    .inNamespace(resource.getMetadata().getNamespace())
                    .withLabel(RunNames.UID_LABEL, resource.getMetadata().getUid())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        }
        return DeleteControl.defaultDelete();
    }

    @Override
    public ErrorStatusUpdateControl<KafkaOffsetRollback> updateErrorStatus(
            KafkaOffsetRollback resource, Context<KafkaOffsetRollback> context, Exception e) {
        // JOSDK hands over its copy of the resource, which the failed reconciliation may have changed already (a
        // run adopted, a phase read) without storing it. The error status starts from the stored resource: what
        // was not stored is neither kept nor reported as a transition (no Event, no run counted); the retry does
        // it again.
        KafkaOffsetRollback stored = context.getClient()
                .getKubernetesSerialization()
                .clone(context.getPrimaryCache()
                        .get(ResourceID.fromResource(resource))
                        .orElse(resource));
        Transition transition = transition(stored, context);
        KafkaOffsetRollbackStatus status = stored.getStatus();
        if (status.getPhase() != null && status.getPhase().finished()) {
            return ErrorStatusUpdateControl.defaultErrorProcessing(); // the outcome stands; only the retry is left
        }
        if (status.getPhase() == null) {
            status.setPhase(Phase.Pending); // the run could not be created yet
        }
        ReconcileFailure failure = ReconcileFailure.of(e);
        StatusProjection.ready(
                stored, false, failure.reason(), failure.message(), RunNames.generation(stored), clock.instant());
        return transition.patchAfterError();
    }

    private Transition transition(KafkaOffsetRollback resource, Context<KafkaOffsetRollback> context) {
        if (resource.getStatus() == null) {
            resource.setStatus(new KafkaOffsetRollbackStatus());
        }
        return new Transition(resource, new EventRecorder(context.getClient(), clock), runs);
    }
}
