package sh.oso.korb.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running controller: the operator with its one reconciler, and the health and metrics endpoints. */
public final class KorbController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KorbController.class);

    private final Operator operator;
    private final ControllerMetrics metrics = new ControllerMetrics();
    private final HealthServer health;

    private KorbController(KubernetesClient client, ControllerConfig config, Clock clock) {
        operator = new Operator(overrider -> overrider.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false));
        operator.register(new KafkaOffsetRollbackReconciler(config, metrics, clock), controller -> {
            if (!config.namespaces().isEmpty()) {
                controller.settingNamespaces(config.namespaces());
            }
        });
        operator.start();
        health = config.httpPort() < 0 ? null : new HealthServer(config.httpPort(),
                () -> operator.getRuntimeInfo().isStarted(),
                () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                metrics::scrape);
        LOG.info("korb controller started, watching {}{}", config.namespaces().isEmpty() ? "all namespaces"
                : "namespaces " + config.namespaces(), health == null ? "" : ", health and metrics on port " + health.port());
    }

    public static KorbController start(KubernetesClient client, ControllerConfig config, Clock clock) {
        return new KorbController(client, config, clock);
    }

    /** The port of /healthz, /readyz and /metrics, when they are served. */
    public Optional<Integer> httpPort() {
        return Optional.ofNullable(health).map(HealthServer::port);
    }

    public ControllerMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (health != null) {
            health.close();
        }
        operator.stop();
    }
}
