package sh.oso.korb.snapshot;

import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * One committed offset as the snapshot keeps it.
 *
 * @param offset      the committed offset (the next record the group will read)
 * @param metadata    the commit's metadata string, "" when none
 * @param timestamp   epoch milliseconds at which korb captured the offset (the seed's {@code timestamp})
 * @param leaderEpoch the leader epoch committed with the offset, when the client recorded one
 */
public record PartitionOffset(long offset, String metadata, long timestamp, Optional<Integer> leaderEpoch) {

    public PartitionOffset {
        metadata = metadata == null ? "" : metadata;
        leaderEpoch = leaderEpoch == null ? Optional.empty() : leaderEpoch;
    }

    public static PartitionOffset captured(OffsetAndMetadata committed, long capturedAtMillis) {
        return new PartitionOffset(committed.offset(), committed.metadata(), capturedAtMillis, committed.leaderEpoch());
    }

    /** The commit that puts a group back to this offset, with its original metadata and leader epoch. */
    public OffsetAndMetadata toCommit() {
        return new OffsetAndMetadata(offset, leaderEpoch, metadata);
    }
}
