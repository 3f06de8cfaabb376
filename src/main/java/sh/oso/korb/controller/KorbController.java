package sh.oso.korb.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running controller: the operator with its reconcilers (KafkaOffsetRollback, KafkaOffsetReset), and the health
 * and metrics endpoints.
 */
public final class KorbController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KorbController.class);

    /**
     * A failed reconciliation (the API down, creating the run refused) is retried after 1 s, then twice as long
     * each time up to 5 min, for as long as it fails: what fixes it (RBAC applied, Tekton installed, the API
     * back) comes from outside and may take hours, and JOSDK's default (5 attempts, then nothing until the
     * resource changes) would leave the resource stuck. At one request per resource every 5 min, waiting costs
     * nothing.
     */
    private static GenericRetry retry() {
        return new GenericRetry()
                .setInitialInterval(Duration.ofSeconds(1))
                .setIntervalMultiplier(2)
                .setMaxInterval(Duration.ofMinutes(5).toMillis())
                .withoutMaxAttempts();
    }

    private final Operator operator;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final HealthServer health;

    private KorbController(KubernetesClient client, ControllerConfig config, Clock clock) {
        bindJvmAndProcessMetrics();
        KorbMetrics metrics = new KorbMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry), registry);
        operator = new Operator(overrider -> overrider
                .withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false)
                .withMetrics(metrics));
        operator.register(new KafkaOffsetRollbackReconciler(config, metrics, clock), controller -> {
            controller.withRetry(retry());
            if (!config.namespaces().isEmpty()) {
                controller.settingNamespaces(config.namespaces());
            }
        });
        operator.register(new KafkaOffsetResetReconciler(config, metrics, clock), controller -> {
            controller.withRetry(retry());
            if (!config.namespaces().isEmpty()) {
                controller.settingNamespaces(config.namespaces());
            }
        });
        operator.start();
        health = config.httpPort() < 0
                ? null
                : new HealthServer(
                        config.httpPort(),
                        () -> operator.getRuntimeInfo().isStarted(),
                        () -> operator.getRuntimeInfo().isStarted()
                                && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                        registry::scrape);
        LOG.info(
                "korb controller started, watching {}{}",
                config.namespaces().isEmpty() ? "all namespaces" : "namespaces " + config.namespaces(),
                health == null ? "" : ", health and metrics on port " + health.port());
    }

    private void bindJvmAndProcessMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public static KorbController start(KubernetesClient client, ControllerConfig config, Clock clock) {
        return new KorbController(client, config, clock);
    }

    /** The port of /healthz, /readyz and /metrics, when they are served. */
    public Optional<Integer> httpPort() {
        return Optional.ofNullable(health).map(HealthServer::port);
    }

    @Override
    public void close() {
        if (health != null) {
            health.close();
        }
        operator.stop();
        gcMetrics.close();
        registry.close();
    }
}
