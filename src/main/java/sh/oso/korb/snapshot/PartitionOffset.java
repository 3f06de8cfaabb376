package sh.oso.korb.snapshot;

import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * One committed offset as the snapshot keeps it.
 *
 * @param offset          the committed offset (the next record the group will read)
 * @param metadata        the commit's metadata string, "" when none
 * @param timestamp       epoch milliseconds at which korb captured the offset (the reference's {@code timestamp})
 * @param leaderEpoch     the leader epoch committed with the offset, when the client recorded one
 * @param recordTimestamp the timestamp of the last consumed record (at offset - 1), when recorded; it lets a
 *                        rollback find the same place in a recreated topic or another cluster
 */
public record PartitionOffset(
        long offset, String metadata, long timestamp, Optional<Integer> leaderEpoch, Optional<Long> recordTimestamp) {

    public PartitionOffset {
        metadata = metadata == null ? "" : metadata;
        leaderEpoch = leaderEpoch == null ? Optional.empty() : leaderEpoch;
        recordTimestamp = recordTimestamp == null ? Optional.empty() : recordTimestamp;
    }

    public PartitionOffset(long offset, String metadata, long timestamp, Optional<Integer> leaderEpoch) {
        this(offset, metadata, timestamp, leaderEpoch, Optional.empty());
    }

    public static PartitionOffset captured(OffsetAndMetadata committed, long capturedAtMillis) {
        return new PartitionOffset(committed.offset(), committed.metadata(), capturedAtMillis, committed.leaderEpoch());
    }

    public PartitionOffset withRecordTimestamp(long recordTimestampMillis) {
        return new PartitionOffset(offset, metadata, timestamp, leaderEpoch, Optional.of(recordTimestampMillis));
    }

    /** The commit that puts a group back to this offset, with its original metadata and leader epoch. */
    public OffsetAndMetadata toCommit() {
        return new OffsetAndMetadata(offset, leaderEpoch, metadata);
    }

    /**
     * The commit of another offset than the recorded one (clamped or translated): the recorded leader epoch
     * belongs to the recorded offset only, so it is dropped.
     */
    public OffsetAndMetadata toCommitAt(long otherOffset) {
        return otherOffset == offset ? toCommit() : new OffsetAndMetadata(otherOffset, Optional.empty(), metadata);
    }
}
