package sh.oso.korb.cli;

import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;
import sh.oso.korb.kafka.KafkaConfig;

/** How to reach Kafka; shared by the commands that talk to it. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers, comma-separated (env KORB_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Deadline of each Kafka request, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "32",
            description = "Groups whose offsets are committed at once during rollback (default: ${DEFAULT-VALUE}).")
    int parallelism;

    KafkaConfig toConfig() {
        return new KafkaConfig(bootstrapServers, timeout, parallelism, Map.of());
    }
}
