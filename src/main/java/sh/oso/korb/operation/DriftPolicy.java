package sh.oso.korb.operation;

/**
 * What a rollback does when the cluster has changed since the snapshot, or cannot take what it holds.
 *
 * @param onOutOfRange         a target below the log start or above the log end offset
 * @param onTopicDeleted       a snapshot topic that no longer exists
 * @param onTopicRecreated     a snapshot topic recreated under the same name (its topic id differs)
 * @param allowClusterMismatch roll back a snapshot taken on another cluster (different cluster id)
 * @param onMetadataTooLarge   a snapshot offset whose metadata is longer than the brokers accept
 *                             ({@code offset.metadata.max.bytes})
 */
public record DriftPolicy(
        OutOfRange onOutOfRange,
        TopicDeleted onTopicDeleted,
        TopicRecreated onTopicRecreated,
        boolean allowClusterMismatch,
        MetadataTooLarge onMetadataTooLarge) {

    public DriftPolicy(
            OutOfRange onOutOfRange,
            TopicDeleted onTopicDeleted,
            TopicRecreated onTopicRecreated,
            boolean allowClusterMismatch) {
        this(onOutOfRange, onTopicDeleted, onTopicRecreated, allowClusterMismatch, MetadataTooLarge.FAIL);
    }

    public enum OutOfRange {
        CLAMP,
        FAIL
    }

    public enum TopicDeleted {
        SKIP,
        FAIL
    }

    public enum TopicRecreated {
        FAIL,
        TIMESTAMP,
        EARLIEST,
        LATEST
    }

    public enum MetadataTooLarge {
        /** Refuse the rollback: the broker would reject the commit, every time. */
        FAIL,
        /** Commit the offset without its metadata. */
        DROP
    }

    /** The defaults: clamp, skip deleted topics, refuse recreated topics, other clusters and oversized metadata. */
    public static final DriftPolicy DEFAULT =
            new DriftPolicy(OutOfRange.CLAMP, TopicDeleted.SKIP, TopicRecreated.FAIL, false);
}
