package sh.oso.korb.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group with committed offsets on a topic of its own, and the offsets a change would move it to.
 * Both names end in a random suffix, so that tests can share one broker.
 *
 * @param atSnapshot  what is committed once created: the state a snapshot captures
 * @param afterChange what the test commits to play a change gone wrong; empty when the test needs none
 */
public record MovedGroup(
        String topic, String group, Map<TopicPartition, Long> atSnapshot, Map<TopicPartition, Long> afterChange) {

    /**
     * Creates the topic, one partition per offset in {@code atSnapshot}, each holding {@code records} records,
     * and commits {@code atSnapshot} for the group. Offset {@code i} of each array belongs to partition {@code i}.
     */
    public static MovedGroup committed(
            EmbeddedKafka kafka, String topicName, String groupName, int records, long[] atSnapshot, long[] afterChange)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = topicName + "-" + suffix;
        kafka.createTopic(topic, atSnapshot.length, records);
        MovedGroup moved = new MovedGroup(
                topic, groupName + "-" + suffix, offsets(topic, atSnapshot), offsets(topic, afterChange));
        kafka.commit(moved.group(), moved.atSnapshot());
        return moved;
    }

    private static Map<TopicPartition, Long> offsets(String topic, long[] offsets) {
        Map<TopicPartition, Long> byPartition = new HashMap<>();
        for (int partition = 0; partition < offsets.length; partition++) {
            byPartition.put(new TopicPartition(topic, partition), offsets[partition]);
        }
        return Map.copyOf(byPartition);
    }
}
