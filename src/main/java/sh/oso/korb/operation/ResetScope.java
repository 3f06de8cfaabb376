package sh.oso.korb.operation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Which partitions {@code korb reset} moves: listed topics, each on all its partitions or on listed ones ({@code
 * orders:0,1,2}); or, when no topic is listed, every partition a group has a committed offset for (for --from-file,
 * those the file gives; for --from-group, those the source group has).
 *
 * @param topics by topic, the listed partitions; empty for all the topic's partitions. No topic: the default scope
 */
public record ResetScope(Map<String, Optional<SortedSet<Integer>>> topics) {

    public ResetScope {
        topics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(topics));
    }

    public static ResetScope groupsOwnPartitions() {
        return new ResetScope(Map.of());
    }

    public boolean listsTopics() {
        return !topics.isEmpty();
    }

    /** Whether the partition is in scope; with no topic listed, every partition is. */
    public boolean includes(org.apache.kafka.common.TopicPartition partition) {
        if (!listsTopics()) {
            return true;
        }
        Optional<SortedSet<Integer>> partitions = topics.get(partition.topic());
        return partitions != null
                && partitions
                        .map(listed -> listed.contains(partition.partition()))
                        .orElse(true);
    }
}
