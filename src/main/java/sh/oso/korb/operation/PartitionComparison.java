package sh.oso.korb.operation;

import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.snapshot.PartitionOffset;

/**
 * A partition of a group as the snapshot recorded it and as Kafka has it now.
 *
 * @param group    the consumer group
 * @param partition the topic partition
 * @param snapshot the offset in the snapshot
 * @param current  the offset committed now, empty when the group has none for this partition
 */
public record PartitionComparison(String group, TopicPartition partition, PartitionOffset snapshot,
                                  Optional<OffsetAndMetadata> current) {

    public Optional<Long> currentOffset() {
        return current.map(OffsetAndMetadata::offset);
    }

    /** True when the committed offset equals the snapshot's (what verify checks). */
    public boolean offsetMatches() {
        return current.isPresent() && current.get().offset() == snapshot.offset();
    }

    /** True when a rollback has nothing to commit here: same offset and same metadata. */
    public boolean upToDate() {
        return offsetMatches() && current.get().metadata().equals(snapshot.metadata());
    }
}
