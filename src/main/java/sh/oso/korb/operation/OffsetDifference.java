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
 * @param kind      {@code offset-differs}, {@code missing}, or the drift that explains the difference
 *                  ({@code below-log-start}, {@code topic-deleted}, {@code topic-recreated}, ...)
 */
public record OffsetDifference(
        String group, String topic, int partition, long expected, Optional<Long> actual, String kind) {

    public static final String OFFSET_DIFFERS = "offset-differs";
    public static final String MISSING = "missing";

    static OffsetDifference of(PartitionDecision row) {
        String kind =
                row.drift() != Drift.NONE ? row.drift().label() : row.current().isPresent() ? OFFSET_DIFFERS : MISSING;
        return new OffsetDifference(
                row.group(),
                row.partition().topic(),
                row.partition().partition(),
                row.snapshotOffset().orElseThrow(),
                row.currentOffset(),
                kind);
    }
}
