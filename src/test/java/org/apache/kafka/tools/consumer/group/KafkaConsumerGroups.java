package org.apache.kafka.tools.consumer.group;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's own {@code kafka-consumer-groups --reset-offsets}, called in-process: korb's reset is compared with it on
 * one broker. It lives in the tool's package because the tool's service, which returns the plan instead of printing
 * it, is package-private; nothing else of Kafka's internals is used.
 */
public final class KafkaConsumerGroups {

    private KafkaConsumerGroups() {}

    /** Runs {@code --reset-offsets} with {@code args} (with --dry-run or --execute) and returns its plan's offsets. */
    public static Map<String, Map<TopicPartition, Long>> resetOffsets(String... args) {
        try (ConsumerGroupCommand.ConsumerGroupService service = service(args)) {
            return offsets(service.resetOffsets());
        }
    }

    /** The CSV {@code --export} prints for the plan of {@code args}. */
    public static String export(String... args) {
        try (ConsumerGroupCommand.ConsumerGroupService service = service(args)) {
            return service.exportOffsetsToCsv(service.resetOffsets());
        }
    }

    private static ConsumerGroupCommand.ConsumerGroupService service(String... args) {
        ConsumerGroupCommandOptions options = ConsumerGroupCommandOptions.fromArgs(args);
        return new ConsumerGroupCommand.ConsumerGroupService(options, Map.of());
    }

    private static Map<String, Map<TopicPartition, Long>> offsets(
            Map<String, Map<TopicPartition, OffsetAndMetadata>> plan) {
        Map<String, Map<TopicPartition, Long>> offsets = new TreeMap<>();
        plan.forEach((group, partitions) -> {
            Map<TopicPartition, Long> byPartition = new java.util.HashMap<>();
            partitions.forEach((tp, offset) -> byPartition.put(tp, offset.offset()));
            offsets.put(group, byPartition);
        });
        return offsets;
    }
}
