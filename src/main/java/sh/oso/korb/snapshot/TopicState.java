package sh.oso.korb.snapshot;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A topic as it was when the snapshot was taken: its id, which tells a recreated topic of the same name
 * apart, and each partition's log range, which tells how far retention had gone.
 *
 * @param topicId    Kafka's topic id (a base64 UUID), when known
 * @param partitions log start and end offset by partition; their count is the topic's partition count
 */
public record TopicState(Optional<String> topicId, SortedMap<Integer, LogRange> partitions) {

    public TopicState {
        topicId = topicId == null ? Optional.empty() : topicId;
        partitions = Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
    }

    public int partitionCount() {
        return partitions.size();
    }
}
