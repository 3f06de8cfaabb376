package sh.oso.korb.operation;

import java.util.Optional;

/**
 * A partition whose committed offset is not the snapshot's.
 *
 * @param group     the consumer group
 * @param topic     the topic
 * @param partition the partition number
 * @param expected  the snapshot's offset; empty for an offset the snapshot has none for ({@code extra})
 * @param actual    the committed offset now, empty when there is none
 * @param kind      {@code offset-differs}, {@code missing}, {@code extra} (verify --exact), or the drift that
 *                  explains the difference ({@code below-log-start}, {@code topic-deleted}, {@code topic-recreated},
 *                  ...)
 */
public record OffsetDifference(
        String group, String topic, int partition, Optional<Long> expected, Optional<Long> actual, String kind) {

    public static final String OFFSET_DIFFERS = "offset-differs";
    public static final String MISSING = "missing";
    /** An offset is committed where the snapshot has none: only an exact comparison counts it. */
    public static final String EXTRA = "extra";

    /** A difference on a partition the snapshot has an offset for. */
    public OffsetDifference(
            String group, String topic, int partition, long expected, Optional<Long> actual, String kind) {
        this(group, topic, partition, Optional.of(expected), actual, kind);
    }

    static OffsetDifference of(PartitionDecision row) {
        if (row.snapshot().isEmpty()) {
            return new OffsetDifference(
                    row.group(),
                    row.partition().topic(),
                    row.partition().partition(),
                    Optional.empty(),
                    row.currentOffset(),
                    EXTRA);
        }
        String kind =
                row.drift() != Drift.NONE ? row.drift().label() : row.current().isPresent() ? OFFSET_DIFFERS : MISSING;
        return new OffsetDifference(
                row.group(),
                row.partition().topic(),
                row.partition().partition(),
                row.snapshotOffset(),
                row.currentOffset(),
                kind);
    }
}
