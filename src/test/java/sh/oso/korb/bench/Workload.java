package sh.oso.korb.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.testing.EmbeddedKafka;

/** G consumer groups with committed offsets on T topics x P partitions, set, moved and read back in bulk. */
final class Workload {

    static final int RECORDS_PER_PARTITION = 200;
    private static final int IN_FLIGHT = 64;

    private final EmbeddedKafka kafka;
    private final String prefix;
    private final List<String> groups = new ArrayList<>();
    private final List<TopicPartition> partitions = new ArrayList<>();

    Workload(EmbeddedKafka kafka, String prefix, int groupCount, int topics, int partitionsPerTopic) throws Exception {
        this.kafka = kafka;
        this.prefix = prefix;
        for (int t = 0; t < topics; t++) {
            String topic = prefix + "-topic-" + t;
            kafka.createTopic(topic, partitionsPerTopic, RECORDS_PER_PARTITION);
            partitions.addAll(EmbeddedKafka.partitions(topic, partitionsPerTopic));
        }
        for (int g = 0; g < groupCount; g++) {
            groups.add(String.format("%s-group-%05d", prefix, g));
        }
    }

    List<String> groups() {
        return groups;
    }

    int offsets() {
        return groups.size() * partitions.size();
    }

    /** The offsets of generation {@code seed}: different for every group, partition and seed. */
    Map<String, Map<TopicPartition, Long>> state(int seed) {
        Map<String, Map<TopicPartition, Long>> state = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (int p = 0; p < partitions.size(); p++) {
                offsets.put(partitions.get(p), (long) Math.floorMod(g * 31 + p * 7 + seed * 13, RECORDS_PER_PARTITION));
            }
            state.put(groups.get(g), offsets);
        }
        return state;
    }

    /** Commits {@code state} for every group, {@value #IN_FLIGHT} groups at a time. */
    void commit(Map<String, Map<TopicPartition, Long>> state) throws Exception {
        Admin admin = kafka.admin();
        Semaphore permits = new Semaphore(IN_FLIGHT);
        List<KafkaFuture<Void>> pending = new ArrayList<>();
        for (Map.Entry<String, Map<TopicPartition, Long>> group : state.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            group.getValue().forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
            permits.acquire();
            KafkaFuture<Void> future =
                    admin.alterConsumerGroupOffsets(group.getKey(), commits).all();
            future.whenComplete((ignored, error) -> permits.release());
            pending.add(future);
        }
        KafkaFuture.allOf(pending.toArray(KafkaFuture[]::new)).get(10, TimeUnit.MINUTES);
    }

    /** Every group's committed offsets, read back from the broker in batches. */
    Map<String, Map<TopicPartition, Long>> committed() throws Exception {
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        for (int from = 0; from < groups.size(); from += 1_000) {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groups.subList(from, Math.min(groups.size(), from + 1_000))
                    .forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> read =
                    kafka.admin().listConsumerGroupOffsets(specs).all().get(5, TimeUnit.MINUTES);
            read.forEach((group, offsets) -> {
                Map<TopicPartition, Long> values = new HashMap<>();
                offsets.forEach((tp, offset) -> {
                    if (offset != null) {
                        values.put(tp, offset.offset());
                    }
                });
                committed.put(group, values);
            });
        }
        return committed;
    }

    /** How many offsets differ from {@code expected} (0 when the brokers hold exactly that state). */
    long differences(Map<String, Map<TopicPartition, Long>> expected) throws Exception {
        Map<String, Map<TopicPartition, Long>> actual = committed();
        long differing = 0;
        for (Map.Entry<String, Map<TopicPartition, Long>> group : expected.entrySet()) {
            Map<TopicPartition, Long> offsets = actual.getOrDefault(group.getKey(), Map.of());
            for (Map.Entry<TopicPartition, Long> partition : group.getValue().entrySet()) {
                if (!partition.getValue().equals(offsets.get(partition.getKey()))) {
                    differing++;
                }
            }
        }
        return differing;
    }

    /** Deletes the groups, so that the next size's --all-groups sees only its own. */
    void deleteGroups() throws Exception {
        // In chunks: one DeleteGroups of 10,000 groups writes a record batch larger than the broker accepts.
        for (int from = 0; from < groups.size(); from += 500) {
            kafka.admin()
                    .deleteConsumerGroups(groups.subList(from, Math.min(groups.size(), from + 500)))
                    .all()
                    .get(10, TimeUnit.MINUTES);
        }
    }

    String prefix() {
        return prefix;
    }
}
