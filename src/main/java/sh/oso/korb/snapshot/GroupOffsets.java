package sh.oso.korb.snapshot;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** The committed offsets of one consumer group, ordered by topic then partition. */
public record GroupOffsets(SortedMap<TopicPartition, PartitionOffset> partitions) {

    public static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    public GroupOffsets {
        partitions = Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
    }

    public static GroupOffsets of(Map<TopicPartition, PartitionOffset> partitions) {
        TreeMap<TopicPartition, PartitionOffset> sorted = new TreeMap<>(ORDER);
        sorted.putAll(partitions);
        return new GroupOffsets(sorted);
    }

    public int size() {
        return partitions.size();
    }

    public boolean isEmpty() {
        return partitions.isEmpty();
    }
}
