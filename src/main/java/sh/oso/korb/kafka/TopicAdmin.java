package sh.oso.korb.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import sh.oso.korb.error.KafkaAccessException;
import sh.oso.korb.snapshot.LogRange;

/**
 * What the cluster says about topics now: ids, partition counts and log ranges. Each question is one
 * batched request for all topics or partitions; a topic or partition that does not exist is simply absent
 * from the answer, because a rollback has to decide what to do about it rather than fail.
 */
public final class TopicAdmin {

    /** A topic as it exists now. */
    public record TopicInfo(String name, String topicId, int partitionCount) {}

    private final Admin admin;
    private final KafkaConfig config;
    private final KafkaFuture<String> clusterId;

    /**
     * Asks for the cluster id at once: every operation records or compares it, and this first request opens
     * the connection and fetches the metadata while the caller is still busy with the snapshot.
     */
    public TopicAdmin(Admin admin, KafkaConfig config) {
        this.admin = admin;
        this.config = config;
        this.clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs(config.timeoutMs()))
                .clusterId();
    }

    /** The id of the cluster, asked once per run: it cannot change under a running client. */
    public String clusterId() {
        return KafkaCalls.await(clusterId, "describing the cluster", config);
    }

    public Map<String, TopicInfo> describe(Collection<String> topics) {
        Map<String, TopicInfo> existing = new TreeMap<>();
        if (topics.isEmpty()) {
            return existing;
        }
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(
                        topics, new DescribeTopicsOptions().timeoutMs(config.timeoutMs()))
                .topicNameValues();
        futures.forEach((topic, future) -> present(future, "describing topic " + topic)
                .ifPresent(description -> existing.put(
                        topic,
                        new TopicInfo(
                                topic,
                                description.topicId().toString(),
                                description.partitions().size()))));
        return existing;
    }

    /** Log start and end offsets of the partitions that exist, from two batched requests sent together. */
    public Map<TopicPartition, LogRange> logRanges(Collection<TopicPartition> partitions) {
        Map<TopicPartition, LogRange> ranges = new HashMap<>();
        if (partitions.isEmpty()) {
            return ranges;
        }
        ListOffsetsResult earliest = listOffsets(partitions, tp -> OffsetSpec.earliest());
        ListOffsetsResult latest = listOffsets(partitions, tp -> OffsetSpec.latest());
        for (TopicPartition tp : partitions) {
            Optional<Long> start = offset(earliest, tp, "log start offset");
            Optional<Long> end = offset(latest, tp, "log end offset");
            if (start.isPresent() && end.isPresent()) {
                ranges.put(tp, new LogRange(start.get(), end.get()));
            }
        }
        return ranges;
    }

    /**
     * For each partition, the first offset whose record timestamp is after the given one: where a consumer
     * that had consumed up to a record with that timestamp resumes. Absent when no record is that recent.
     */
    public Map<TopicPartition, Long> offsetsAfter(Map<TopicPartition, Long> timestamps) {
        Map<TopicPartition, Long> atOrAfterNext = new HashMap<>();
        timestamps.forEach((tp, timestamp) -> atOrAfterNext.put(tp, timestamp + 1));
        return offsetsAtOrAfter(atOrAfterNext);
    }

    /**
     * For each partition, the first offset whose record timestamp is at or after the given one (Kafka's
     * {@code --to-datetime}). Absent when no record is that recent: the caller decides what that means, never
     * silently.
     */
    public Map<TopicPartition, Long> offsetsAtOrAfter(Map<TopicPartition, Long> timestamps) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (timestamps.isEmpty()) {
            return offsets;
        }
        ListOffsetsResult result = listOffsets(timestamps.keySet(), tp -> OffsetSpec.forTimestamp(timestamps.get(tp)));
        for (TopicPartition tp : timestamps.keySet()) {
            offset(result, tp, "offset for timestamp")
                    .filter(offset -> offset >= 0)
                    .ifPresent(offset -> offsets.put(tp, offset));
        }
        return offsets;
    }

    private ListOffsetsResult listOffsets(
            Collection<TopicPartition> partitions, Function<TopicPartition, OffsetSpec> spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec.apply(tp)));
        return admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(config.timeoutMs()));
    }

    private Optional<Long> offset(ListOffsetsResult result, TopicPartition tp, String what) {
        return present(result.partitionResult(tp), "reading the " + what + " of " + tp)
                .map(ListOffsetsResult.ListOffsetsResultInfo::offset);
    }

    private <T> Optional<T> present(KafkaFuture<T> future, String action) {
        try {
            return Optional.of(KafkaCalls.await(future, action, config));
        } catch (KafkaAccessException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
