package sh.oso.korb.kafka;

import java.time.Duration;
import java.util.Map;
import sh.oso.korb.error.InvalidInputException;

/**
 * How to reach Kafka, built once from flags and environment.
 *
 * @param bootstrapServers comma-separated host:port list
 * @param timeout          the deadline of every Admin call
 * @param parallelism      how many groups' offset commits may be in flight at once
 * @param clientProperties extra Kafka client properties (security settings arrive here; they may hold secrets)
 * @param identity         who korb authenticates as, e.g. "user alice with SCRAM-SHA-256"; empty without SASL
 */
public record KafkaConfig(
        String bootstrapServers,
        Duration timeout,
        int parallelism,
        Map<String, String> clientProperties,
        String identity) {

    public KafkaConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new InvalidInputException(
                    "--bootstrap-servers is required (or KORB_BOOTSTRAP_SERVERS), e.g. kafka:9092");
        }
        bootstrapServers = bootstrapServers.replace(" ", "");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("--timeout must be positive, e.g. 30s");
        }
        if (parallelism < 1) {
            throw new InvalidInputException("--parallelism must be at least 1");
        }
        clientProperties = Map.copyOf(clientProperties);
        identity = identity == null ? "" : identity;
    }

    public KafkaConfig(
            String bootstrapServers, Duration timeout, int parallelism, Map<String, String> clientProperties) {
        this(bootstrapServers, timeout, parallelism, clientProperties, "");
    }

    /** The deadline in milliseconds, as the Kafka clients' int settings take it. */
    public int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** Never prints the client properties: they hold passwords and keys. */
    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", timeout=" + timeout + ", parallelism="
                + parallelism + ", clientProperties=" + clientProperties.keySet() + ", identity=" + identity + "]";
    }
}
