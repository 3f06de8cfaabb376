package sh.oso.korb.operation;

import java.util.Optional;

/**
 * A partition whose committed offset is not the snapshot's.
 *
 * @param group     the consumer group
 * @param topic     the topic
 * @param partition the partition number
 * @param expected  the snapshot's offset
 * @param actual    the committed offset now, empty when there is none
 * @param kind      what kind of difference
 */
public record OffsetDifference(String group, String topic, int partition, long expected, Optional<Long> actual,
                               Kind kind) {

    public enum Kind {
        /** A different offset is committed. */
        OFFSET_DIFFERS("offset-differs"),
        /** The snapshot has the partition but the group has no committed offset for it now. */
        MISSING("missing");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static OffsetDifference of(PartitionComparison row) {
        return new OffsetDifference(row.group(), row.partition().topic(), row.partition().partition(),
                row.snapshot().offset(), row.currentOffset(),
                row.current().isPresent() ? Kind.OFFSET_DIFFERS : Kind.MISSING);
    }
}
