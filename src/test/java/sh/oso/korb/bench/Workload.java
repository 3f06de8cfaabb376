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
    /** Offsets in one read-back request: a million in one response would be some 30 MB at once. */
    private static final int OFFSETS_PER_READ = 100_000;
    /**
     * Offsets in one DeleteGroups request: the broker writes a tombstone for each in one record batch, and one of
     * 10,000 groups x 24 partitions is larger than it accepts.
     */
    private static final int OFFSETS_PER_DELETE = 12_000;

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

    /** The offsets of generation {@code seed}, each one higher: none at the log start (0), where a reset moves them. */
    Map<String, Map<TopicPartition, Long>> awayFromStart(int seed) {
        Map<String, Map<TopicPartition, Long>> state = state(seed);
        state.values().forEach(offsets -> offsets.replaceAll((tp, offset) -> offset + 1));
        return state;
    }

    /** Every group at {@code offset} on every partition. */
    Map<String, Map<TopicPartition, Long>> uniform(long offset) {
        Map<String, Map<TopicPartition, Long>> state = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            partitions.forEach(tp -> offsets.put(tp, offset));
            state.put(group, offsets);
        }
        return state;
    }

    /** Every group's committed offsets, read back from the broker in batches. */
    Map<String, Map<TopicPartition, Long>> committed() throws Exception {
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        int perRead = groupsPer(OFFSETS_PER_READ, 1_000);
        for (int from = 0; from < groups.size(); from += perRead) {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groups.subList(from, Math.min(groups.size(), from + perRead))
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
        int perRequest = groupsPer(OFFSETS_PER_DELETE, 500);
        for (int from = 0; from < groups.size(); from += perRequest) {
            kafka.admin()
                    .deleteConsumerGroups(groups.subList(from, Math.min(groups.size(), from + perRequest)))
                    .all()
                    .get(10, TimeUnit.MINUTES);
        }
    }

    /** How many groups hold about {@code offsets} offsets: at least one, at most {@code most}. */
    private int groupsPer(int offsets, int most) {
        return Math.max(1, Math.min(most, offsets / Math.max(1, partitions.size())));
    }

    String prefix() {
        return prefix;
    }
}
