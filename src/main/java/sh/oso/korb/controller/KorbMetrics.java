package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.Phase;

/**
 * JOSDK's {@link Metrics} hook: JOSDK's own meters (the Micrometer implementation it decorates) and korb's
 * counters, all counted from what JOSDK reports, so the reconciler calls none of them.
 *
 * <ul>
 *   <li>{@code korb_reconciliations_total}: each call of {@code reconcile} that JOSDK times;
 *       {@code korb_reconciliation_failures_total}: each of those that threw (JOSDK then retries it).</li>
 *   <li>{@code korb_runs_started_total{operation}} and {@code korb_runs_finished_total{operation,outcome}}: the
 *       run transitions a reconciliation records ({@link RunListener}) are held for its resource and counted
 *       only when JOSDK reports that reconciliation finished, which is after its status patch was stored. A
 *       reconciliation that fails (its patch refused, the API down) counts nothing; its retry starts from the
 *       stored status, records the same transition again, and counts it then. The stored status passes each
 *       transition once, so each run is counted once: started when the status first names its PipelineRun,
 *       finished when its phase first becomes Completed or Failed.</li>
 * </ul>
 */
final class KorbMetrics implements Metrics, RunListener {

    /** {@link ControllerExecution#name()} of a call of {@code reconcile} (the other is {@code cleanup}). */
    private static final String RECONCILE = "reconcile";

    private final Metrics josdk;
    private final MeterRegistry registry;
    private final Counter reconciliations;
    private final Counter failures;
    private final Map<ResourceID, List<Counter.Builder>> pendingRuns = new ConcurrentHashMap<>();

    KorbMetrics(Metrics josdk, MeterRegistry registry) {
        this.josdk = josdk;
        this.registry = registry;
        this.reconciliations = Counter.builder("korb.reconciliations")
                .description("Reconciliations of KafkaOffsetRollback resources.").register(registry);
        this.failures = Counter.builder("korb.reconciliation.failures")
                .description("Reconciliations that ended in an error and are retried.").register(registry);
    }

    @Override
    public void started(KafkaOffsetRollback resource, Operation operation) {
        pending(resource).add(Counter.builder("korb.runs.started").description("PipelineRuns created, by operation.")
                .tag("operation", operation.value()));
    }

    @Override
    public void finished(KafkaOffsetRollback resource, Operation operation, Phase phase) {
        pending(resource).add(Counter.builder("korb.runs.finished")
                .description("Runs finished, by operation and outcome (completed, failed).")
                .tag("operation", operation.value()).tag("outcome", phase.name().toLowerCase(Locale.ROOT)));
    }

    private List<Counter.Builder> pending(KafkaOffsetRollback resource) {
        return pendingRuns.computeIfAbsent(ResourceID.fromResource(resource), id -> new ArrayList<>());
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
        pendingRuns.remove(ResourceID.fromResource(resource)); // left by an execution that failed
        josdk.reconciliationExecutionStarted(resource, metadata);
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        List<Counter.Builder> runs = pendingRuns.remove(ResourceID.fromResource(resource));
        if (runs != null) {
            runs.forEach(run -> run.register(registry).increment());
        }
        josdk.finishedReconciliation(resource, metadata);
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
        pendingRuns.remove(resourceID);
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
    public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
        josdk.reconciliationExecutionFinished(resource, metadata);
    }

    @Override
    public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
        return josdk.monitorSizeOf(map, name);
    }
}
