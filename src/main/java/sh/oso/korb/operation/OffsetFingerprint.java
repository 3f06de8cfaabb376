package sh.oso.korb.operation;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A group's committed offsets in 64 bits, so that a run over more offsets than fit in memory can still tell whether
 * a group's offsets moved between reading them for the plan and changing them: equal offsets give equal
 * fingerprints; any change of an offset, its metadata or leader epoch, or of which partitions have one, changes it
 * but for a chance of about 2^-64.
 */
final class OffsetFingerprint {

    private OffsetFingerprint() {}

    static long of(Map<TopicPartition, OffsetAndMetadata> offsets) {
        long sum = offsets.size();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
            // a sum of well-mixed values does not depend on the map's order
            TopicPartition tp = entry.getKey();
            OffsetAndMetadata offset = entry.getValue();
            long hash = mix(tp.topic().hashCode() * 0x9E3779B97F4A7C15L + tp.partition());
            hash = mix(hash ^ offset.offset());
            hash = mix(hash ^ offset.metadata().hashCode());
            hash = mix(hash ^ offset.leaderEpoch().map(epoch -> epoch + 1L).orElse(0L));
            sum += hash;
        }
        return sum;
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
