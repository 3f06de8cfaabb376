package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.Optional;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.RunSpec;
import sh.oso.korb.api.RunStatus;
import sh.oso.korb.engine.Engine;
import sh.oso.korb.engine.RunOutcome;

/**
 * What both reconcilers do once a resource's run has started, in one place: look the run up on its engine, mirror
 * it into the status, fail the resource when the run was deleted before it finished, and delete the run after
 * job.ttlSecondsAfterFinished ({@link RunExpiry}); and, when the resource is deleted, delete its runs. What differs
 * by kind (how the status is written) is its {@link Projection}.
 */
final class RunFollower<R extends CustomResource<? extends RunSpec, ? extends RunStatus>> {

    /** How a kind writes a run into its status. */
    interface Projection<R> {

        /** The run's outcome into the status (phase, times, results, Ready). */
        void apply(R resource, RunOutcome outcome, Instant now);

        /** Ready false, saying that this engine's run was deleted before it finished (phase and time are set). */
        void runDeleted(R resource, Engine<?> engine, Instant now);
    }

    private final ControllerConfig config;
    private final Engines engines;
    private final String uidLabel;
    private final Projection<R> projection;

    /** uidLabel: the label its runs carry the resource's uid in, which {@link #cleanup} deletes them by. */
    RunFollower(ControllerConfig config, Engines engines, String uidLabel, Projection<R> projection) {
        this.config = config;
        this.engines = engines;
        this.uidLabel = uidLabel;
        this.projection = projection;
    }

    /**
     * The reconciliation of a resource whose status names a run: engine is the run's (empty when this installation
     * does not run it), describedRun the run as messages name it.
     */
    UpdateControl<R> follow(
            RunOnceResource<R> resource,
            Optional<Engine<?>> engine,
            String describedRun,
            Context<R> context,
            Transition<R> transition,
            Instant now) {
        boolean finished = resource.phase() != null && resource.phase().finished();
        if (finished && resource.ttlSecondsAfterFinished() == null) {
            return transition.patch(); // nothing is left to watch: no lookup at all
        }
        Engine<?> runEngine = engine.orElseThrow(() -> new IllegalStateException(describedRun
                + " belongs to an engine this installation does not run; enable it with korb controller"
                + " --engines"));
        return follow(runEngine, resource, context, transition, now, finished);
    }

    private <T extends HasMetadata> UpdateControl<R> follow(
            Engine<T> engine,
            RunOnceResource<R> resource,
            Context<R> context,
            Transition<R> transition,
            Instant now,
            boolean finished) {
        String namespace = resource.resource().getMetadata().getNamespace();
        String name = resource.runName();
        Resource<T> runResource =
                engine.runs(context.getClient()).inNamespace(namespace).withName(name);
        T run = Engines.find(engine, context, namespace, name);
        if (finished) {
            return transition.patch(RunExpiry.expire(resource, run, runResource, now, config.deleteRetry()));
        }
        if (run == null) {
            resource.status().setPhase(Phase.Failed);
            resource.status().setCompletionTime(now.toString());
            projection.runDeleted(resource.resource(), engine, now);
            return transition.patch();
        }
        RunOutcome outcome = engine.read(context.getClient(), run);
        projection.apply(resource.resource(), outcome, now);
        return transition.patch(outcome.state().finished() ? RunExpiry.lookAgain(resource, now) : Optional.empty());
    }

    /**
     * Deletes the resource's runs. The owner reference lets Kubernetes collect them too; deleting them here stops a
     * running one now. Every enabled engine is asked: the status may not name the run yet (created, then the
     * controller stopped).
     */
    DeleteControl cleanup(R resource, Context<R> context) {
        for (Engine<?> engine : engines.enabled()) {
            engine.runs(context.getClient())
                    .inNamespace(resource.getMetadata().getNamespace())
                    .withLabel(uidLabel, resource.getMetadata().getUid())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        }
        return DeleteControl.defaultDelete();
    }

    /**
     * Why a run is gone before it finished, with what may have deleted it: an engine that deletes expired runs itself
     * may have done so before the controller read the outcome. {@code kind}: the resource's kind, to create again.
     */
    static String runDeletedMessage(String run, Engine<?> engine, RunOnceResource<?> resource, String kind) {
        return run + " was deleted before it finished"
                + (engine.kind().deletesExpiredRuns() && resource.ttlSecondsAfterFinished() != null
                        ? " (or " + engine.kind().value() + " deleted it after job.ttlSecondsAfterFinished before the"
                                + " controller read its outcome: check the store and Kafka)"
                        : "")
                + "; create a new " + kind + " to run again";
    }
}
