package sh.oso.korb.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.KafkaAccessException;

/**
 * Reads the timestamps of single records, e.g. the last record a group consumed, with a consumer that is
 * assigned partitions directly: it joins no group and commits nothing. Partitions are read in parallel;
 * several offsets on one partition are read in ascending order, reusing a fetched batch where it covers them.
 */
public final class RecordTimestampReader {

    private final Consumer<byte[], byte[]> consumer;
    private final Duration timeout;

    public RecordTimestampReader(Consumer<byte[], byte[]> consumer, KafkaConfig config) {
        this.consumer = consumer;
        this.timeout = config.timeout();
    }

    /**
     * Returns the timestamp of the record at each wanted offset that has one. Offsets with no record (removed
     * by compaction, a transaction marker) or not reached before the deadline are absent from the answer.
     */
    public Map<TopicPartition, Map<Long, Long>> timestamps(Map<TopicPartition, SortedSet<Long>> wanted) {
        Map<TopicPartition, Map<Long, Long>> found = new HashMap<>();
        Map<TopicPartition, Deque<Long>> pending = new HashMap<>();
        wanted.forEach((tp, offsets) -> {
            if (!offsets.isEmpty()) {
                pending.put(tp, new ArrayDeque<>(new TreeSet<>(offsets)));
            }
        });
        if (pending.isEmpty()) {
            return found;
        }
        try {
            consumer.assign(pending.keySet());
            pending.forEach((tp, offsets) -> consumer.seek(tp, offsets.peek()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (TopicPartition tp : records.partitions()) {
                    Deque<Long> offsets = pending.get(tp);
                    if (offsets != null) {
                        take(tp, records.records(tp), offsets, found);
                        if (offsets.isEmpty()) {
                            pending.remove(tp);
                            consumer.pause(Set.of(tp));
                        } else {
                            consumer.seek(tp, offsets.peek());
                        }
                    }
                }
            }
            return found;
        } catch (KafkaException e) {
            throw new KafkaAccessException("reading record timestamps failed: " + KafkaCalls.describe(e), e);
        }
    }

    private static void take(
            TopicPartition tp,
            List<ConsumerRecord<byte[], byte[]>> records,
            Deque<Long> offsets,
            Map<TopicPartition, Map<Long, Long>> found) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            // A wanted offset below the record's has no record of its own (compacted away or a marker).
            while (!offsets.isEmpty() && offsets.peek() < record.offset()) {
                offsets.poll();
            }
            if (offsets.isEmpty()) {
                return;
            }
            if (offsets.peek() == record.offset()) {
                found.computeIfAbsent(tp, ignored -> new HashMap<>()).put(record.offset(), record.timestamp());
                offsets.poll();
            }
        }
    }
}
