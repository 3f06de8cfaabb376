package sh.oso.korb.controller;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import sh.oso.korb.api.Operation;

/**
 * The controller's counters in Prometheus' text format. A handful of counters needs no metrics library: this
 * keeps the image small and the start fast.
 */
public final class ControllerMetrics {

    private final LongAdder reconciliations = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Map<String, LongAdder> started = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> finished = new ConcurrentHashMap<>();

    void reconciled() {
        reconciliations.increment();
    }

    void reconcileFailed() {
        failures.increment();
    }

    void runStarted(Operation operation) {
        started.computeIfAbsent("operation=\"" + operation.value() + "\"", key -> new LongAdder()).increment();
    }

    void runFinished(Operation operation, String outcome) {
        finished.computeIfAbsent("operation=\"" + operation.value() + "\",outcome=\"" + outcome + "\"",
                key -> new LongAdder()).increment();
    }

    /** The exposition at /metrics. */
    public String scrape() {
        StringBuilder text = new StringBuilder();
        counter(text, "korb_reconciliations_total", "Reconciliations of KafkaOffsetRollback resources.",
                Map.of("", reconciliations));
        counter(text, "korb_reconciliation_failures_total", "Reconciliations that ended in an error and are retried.",
                Map.of("", failures));
        counter(text, "korb_runs_started_total", "PipelineRuns created, by operation.", started);
        counter(text, "korb_runs_finished_total", "Runs finished, by operation and outcome (completed, failed).",
                finished);
        return text.toString();
    }

    private static void counter(StringBuilder text, String name, String help, Map<String, LongAdder> series) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(series).forEach((labels, value) -> text.append(name)
                .append(labels.isEmpty() ? "" : "{" + labels + "}").append(' ').append(value.sum()).append('\n'));
    }
}
