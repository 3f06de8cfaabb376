package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import sh.oso.korb.api.Phase;

/**
 * JOSDK's {@link Metrics} hook: JOSDK's own meters (the Micrometer implementation it decorates) and korb's
 * counters, all counted from what JOSDK and the reconciliations report, so the reconciler calls none of them.
 *
 * <ul>
 *   <li>{@code korb_reconciliations_total}: each call of {@code reconcile} that JOSDK times;
 *       {@code korb_reconciliation_failures_total}: each of those that threw (JOSDK then retries it).</li>
 *   <li>{@code korb_runs_started_total{operation}} and {@code korb_runs_finished_total{operation,outcome}}
 *       ({@code operation} a rollback's operation, or {@code reset} for a KafkaOffsetReset): the run transitions a reconciliation records in the status ({@link RunListener}), each counted once per
 *       resource. A reconciliation can see a transition again: when it is retried after its status patch
 *       failed, or when JOSDK hands it a copy of the resource older than the last status patch (JOSDK patches
 *       the status without optimistic locking and does not cache the result). So what was counted is kept per
 *       resource (by uid: a resource created again under the same name counts anew, and a rollback and a reset
 *       of one name count apart) until JOSDK reports the
 *       resource deleted.</li>
 * </ul>
 */
final class KorbMetrics implements Metrics, RunListener {

    /** {@link ControllerExecution#name()} of a call of {@code reconcile} (the other is {@code cleanup}). */
    private static final String RECONCILE = "reconcile";

    private final Metrics josdk;
    private final MeterRegistry registry;
    private final Counter reconciliations;
    private final Counter failures;
    private final Map<ResourceID, Set<String>> counted = new ConcurrentHashMap<>();

    KorbMetrics(Metrics josdk, MeterRegistry registry) {
        this.josdk = josdk;
        this.registry = registry;
        this.reconciliations = Counter.builder("korb.reconciliations")
                .description("Reconciliations of KafkaOffsetRollback and KafkaOffsetReset resources.")
                .register(registry);
        this.failures = Counter.builder("korb.reconciliation.failures")
                .description("Reconciliations that ended in an error and are retried.")
                .register(registry);
    }

    @Override
    public void started(HasMetadata resource, String operation) {
        if (firstTime(resource, "started")) {
            Counter.builder("korb.runs.started")
                    .description("Runs (PipelineRuns, Workflows, Jobs) started, by operation.")
                    .tag("operation", operation)
                    .register(registry)
                    .increment();
        }
    }

    @Override
    public void finished(HasMetadata resource, String operation, Phase phase) {
        if (firstTime(resource, "finished")) {
            Counter.builder("korb.runs.finished")
                    .description("Runs finished, by operation and outcome (completed, failed).")
                    .tag("operation", operation)
                    .tag("outcome", phase.name().toLowerCase(Locale.ROOT))
                    .register(registry)
                    .increment();
        }
    }

    private boolean firstTime(HasMetadata resource, String transition) {
        return counted.computeIfAbsent(ResourceID.fromResource(resource), id -> ConcurrentHashMap.newKeySet())
                .add(resource.getMetadata().getUid() + " " + transition);
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        boolean reconcile = RECONCILE.equals(execution.name());
        if (reconcile) {
            reconciliations.increment();
        }
        try {
            return josdk.timeControllerExecution(execution);
        } catch (Exception e) {
            if (reconcile) {
                failures.increment();
            }
            throw e;
        }
    }

    @Override
    public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
        counted.remove(resourceID);
        josdk.cleanupDoneFor(resourceID, metadata);
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
        josdk.controllerRegistered(controller);
    }

    @Override
    public void receivedEvent(Event event, Map<String, Object> metadata) {
        josdk.receivedEvent(event, metadata);
    }

    @Override
    public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        josdk.reconcileCustomResource(resource, retryInfo, metadata);
    }

    @Override
    public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
        josdk.failedReconciliation(resource, exception, metadata);
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
        josdk.reconciliationExecutionStarted(resource, metadata);
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        josdk.finishedReconciliation(resource, metadata);
    }

    @Override
    public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
        josdk.reconciliationExecutionFinished(resource, metadata);
    }

    @Override
    public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
        return josdk.monitorSizeOf(map, name);
    }
}
