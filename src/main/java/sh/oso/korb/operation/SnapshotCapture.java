package sh.oso.korb.operation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.kafka.TopicAdmin.TopicInfo;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.LogRange;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.TopicState;

/**
 * Turns committed offsets into a snapshot that can survive drift: it adds the cluster id, each topic's id
 * and every partition's log range (one describe and one pair of offset lookups for all topics), and, when
 * asked, the timestamp of the last record each group consumed. Snapshots and undo snapshots share it.
 */
public final class SnapshotCapture {

    private final KafkaAccess kafka;
    private final Clock clock;

    public SnapshotCapture(KafkaAccess kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    public Snapshot capture(
            SnapshotId id, Map<String, Map<TopicPartition, OffsetAndMetadata>> committed, boolean recordTimestamps) {
        Instant now = clock.instant();
        SortedSet<String> topicNames = new TreeSet<>();
        committed.values().forEach(offsets -> offsets.keySet().forEach(tp -> topicNames.add(tp.topic())));
        String clusterId = kafka.topics().clusterId();
        Map<String, TopicInfo> topics = kafka.topics().describe(topicNames);
        List<TopicPartition> partitions = new ArrayList<>();
        topics.values().forEach(topic -> {
            for (int partition = 0; partition < topic.partitionCount(); partition++) {
                partitions.add(new TopicPartition(topic.name(), partition));
            }
        });
        Map<TopicPartition, LogRange> ranges = kafka.topics().logRanges(partitions);
        Map<TopicPartition, Map<Long, Long>> timestamps =
                recordTimestamps ? kafka.recordTimestamps().timestamps(lastConsumed(committed, ranges)) : Map.of();

        Map<String, TreeMap<Integer, LogRange>> rangesByTopic = new TreeMap<>();
        ranges.forEach((tp, range) -> rangesByTopic
                .computeIfAbsent(tp.topic(), topic -> new TreeMap<>())
                .put(tp.partition(), range));
        Map<String, TopicState> states = new TreeMap<>();
        topics.values()
                .forEach(topic -> states.put(
                        topic.name(),
                        new TopicState(
                                Optional.of(topic.topicId()),
                                rangesByTopic.getOrDefault(topic.name(), new TreeMap<>()))));
        long capturedAt = now.toEpochMilli();
        Map<String, GroupOffsets> groups = new TreeMap<>();
        committed.forEach((group, offsets) -> {
            Map<TopicPartition, PartitionOffset> captured = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                PartitionOffset partition = PartitionOffset.captured(offset, capturedAt);
                Long recordTimestamp = timestamps.getOrDefault(tp, Map.of()).get(offset.offset() - 1);
                captured.put(tp, recordTimestamp == null ? partition : partition.withRecordTimestamp(recordTimestamp));
            });
            groups.put(group, GroupOffsets.of(captured));
        });
        return Snapshot.create(
                id, now.truncatedTo(ChronoUnit.SECONDS), kafka.config().bootstrapServers(), clusterId, states, groups);
    }

    /** The offset of the last record each group consumed, where that record can still exist. */
    private static Map<TopicPartition, SortedSet<Long>> lastConsumed(
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed, Map<TopicPartition, LogRange> ranges) {
        Map<TopicPartition, SortedSet<Long>> wanted = new HashMap<>();
        committed
                .values()
                .forEach(offsets -> offsets.forEach((tp, offset) -> {
                    LogRange range = ranges.get(tp);
                    long last = offset.offset() - 1;
                    if (range != null && last >= range.logStartOffset() && last < range.logEndOffset()) {
                        wanted.computeIfAbsent(tp, ignored -> new TreeSet<>()).add(last);
                    }
                }));
        return wanted;
    }
}
