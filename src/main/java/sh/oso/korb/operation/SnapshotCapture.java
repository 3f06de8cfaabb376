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
        SortedSet<String> topicNames = new TreeSet<>();
        committed.values().forEach(offsets -> offsets.keySet().forEach(tp -> topicNames.add(tp.topic())));
        Captured header = header(id, topicNames);
        Map<TopicPartition, Map<Long, Long>> timestamps = recordTimestamps
                ? kafka.recordTimestamps().timestamps(lastConsumed(committed, header.ranges()))
                : Map.of();
        Map<String, GroupOffsets> groups = new TreeMap<>();
        committed.forEach((group, offsets) -> groups.put(group, offsets(offsets, header.capturedAt(), timestamps)));
        Snapshot snapshot = header.snapshot();
        return Snapshot.create(
                id,
                snapshot.timestamp(),
                snapshot.cluster(),
                snapshot.clusterId().orElse(null),
                snapshot.topics(),
                groups);
    }

    /**
     * A snapshot's header, its groups left out, and what it was captured from.
     *
     * @param snapshot   the snapshot without groups: cluster, time, and the state of every topic asked for
     * @param ranges     every partition's log range, as the header records it
     * @param capturedAt when, in epoch milliseconds, the offsets captured with it are said to be read
     */
    public record Captured(Snapshot snapshot, Map<TopicPartition, LogRange> ranges, long capturedAt) {}

    /**
     * The header of a snapshot whose groups commit to {@code topicNames}: the cluster id, each topic's id and every
     * partition's log range; the groups are added to it by whoever streams them.
     */
    public Captured header(SnapshotId id, SortedSet<String> topicNames) {
        Instant now = clock.instant();
        String clusterId = kafka.topics().clusterId();
        Map<String, TopicInfo> topics = kafka.topics().describe(topicNames);
        List<TopicPartition> partitions = new ArrayList<>();
        topics.values().forEach(topic -> {
            for (int partition = 0; partition < topic.partitionCount(); partition++) {
                partitions.add(new TopicPartition(topic.name(), partition));
            }
        });
        Map<TopicPartition, LogRange> ranges = kafka.topics().logRanges(partitions);
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
        Snapshot header = Snapshot.create(
                id,
                now.truncatedTo(ChronoUnit.SECONDS),
                kafka.config().bootstrapServers(),
                clusterId,
                states,
                Map.of());
        return new Captured(header, ranges, now.toEpochMilli());
    }

    /** One group's committed offsets as a snapshot records them, with the record timestamps found for them. */
    public static GroupOffsets offsets(
            Map<TopicPartition, OffsetAndMetadata> committed,
            long capturedAt,
            Map<TopicPartition, Map<Long, Long>> timestamps) {
        Map<TopicPartition, PartitionOffset> captured = new HashMap<>();
        committed.forEach((tp, offset) -> {
            PartitionOffset partition = PartitionOffset.captured(offset, capturedAt);
            Long recordTimestamp = timestamps.getOrDefault(tp, Map.of()).get(offset.offset() - 1);
            captured.put(tp, recordTimestamp == null ? partition : partition.withRecordTimestamp(recordTimestamp));
        });
        return GroupOffsets.of(captured);
    }

    /** The timestamps of the last records the groups consumed, where those records can still exist. */
    public Map<TopicPartition, Map<Long, Long>> recordTimestamps(
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed, Map<TopicPartition, LogRange> ranges) {
        return kafka.recordTimestamps().timestamps(lastConsumed(committed, ranges));
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
