package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sh.oso.korb.controller.Rollbacks.rollback;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.Phase;

/** korb's counters: reconciliations and failures from JOSDK's hook, runs once each however often reported. */
class KorbMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KorbMetrics metrics = new KorbMetrics(Metrics.NOOP, registry);
    private final KafkaOffsetRollback resource = rollback("step", Operation.SNAPSHOT, "g1");

    private double started() {
        var counter =
                registry.find("korb.runs.started").tag("operation", "snapshot").counter();
        return counter == null ? 0 : counter.count();
    }

    private double finished(String outcome) {
        var counter = registry.find("korb.runs.finished")
                .tag("operation", "snapshot")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private <T> T reconcile(Metrics.ControllerExecution<T> execution) throws Exception {
        return metrics.timeControllerExecution(execution);
    }

    private static Metrics.ControllerExecution<String> execution(String name, Runnable body) {
        return new Metrics.ControllerExecution<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String controllerName() {
                return "korb";
            }

            @Override
            public String successTypeName(String result) {
                return "status";
            }

            @Override
            public ResourceID resourceID() {
                return ResourceID.fromResource(new KafkaOffsetRollback());
            }

            @Override
            public Map<String, Object> metadata() {
                return Map.of();
            }

            @Override
            public String execute() {
                body.run();
                return "done";
            }
        };
    }

    @Test
    void aRunIsCountedOnceThoughItsTransitionsAreSeenAgain() throws Exception {
        // The reconciliation that creates the run and whose status patch fails, then its retry; one that read a
        // copy of the resource from before the patch and adopts the run again.
        for (int i = 0; i < 3; i++) {
            reconcile(execution("reconcile", () -> metrics.started(resource, "snapshot")));
        }
        for (int i = 0; i < 2; i++) {
            reconcile(execution("reconcile", () -> metrics.finished(resource, "snapshot", Phase.Completed)));
        }

        assertThat(started()).isEqualTo(1);
        assertThat(finished("completed")).isEqualTo(1);
        assertThat(finished("failed")).isZero();
        assertThat(registry.get("korb.reconciliations").counter().count()).isEqualTo(5);
    }

    @Test
    void aResourceCreatedAgainUnderTheSameNameCountsAnew() {
        metrics.started(resource, "snapshot");
        metrics.finished(resource, "snapshot", Phase.Failed);
        KafkaOffsetRollback again = rollback("step", Operation.SNAPSHOT, "g1");
        again.getMetadata().setUid("another-uid");

        metrics.started(again, "snapshot");
        metrics.finished(again, "snapshot", Phase.Completed);

        assertThat(started()).isEqualTo(2);
        assertThat(finished("failed")).isEqualTo(1);
        assertThat(finished("completed")).isEqualTo(1);
    }

    @Test
    void aResetCountsUnderItsOwnOperationApartFromARollbackOfTheSameName() {
        KafkaOffsetReset reset = new KafkaOffsetReset();
        reset.setMetadata(
                resource.getMetadata().toBuilder().withUid("reset-uid").build());

        metrics.started(resource, "snapshot");
        metrics.started(reset, "reset");
        metrics.finished(reset, "reset", Phase.Completed);

        assertThat(started()).isEqualTo(1);
        assertThat(registry.find("korb.runs.started")
                        .tag("operation", "reset")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("korb.runs.finished")
                        .tag("operation", "reset")
                        .tag("outcome", "completed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aReconcileThatThrowsIsAFailureAndACleanupIsNoReconciliation() {
        assertThatThrownBy(() -> reconcile(execution("reconcile", () -> {
                    throw new IllegalStateException("refused");
                })))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> reconcile(execution("cleanup", () -> {
                    throw new IllegalStateException("refused");
                })))
                .isInstanceOf(IllegalStateException.class);

        assertThat(registry.get("korb.reconciliations").counter().count()).isEqualTo(1);
        assertThat(registry.get("korb.reconciliation.failures").counter().count())
                .isEqualTo(1);
    }
}
