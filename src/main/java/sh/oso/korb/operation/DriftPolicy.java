package sh.oso.korb.operation;

/**
 * What a rollback does when the cluster has changed since the snapshot.
 *
 * @param onOutOfRange         a target below the log start or above the log end offset
 * @param onTopicDeleted       a snapshot topic that no longer exists
 * @param onTopicRecreated     a snapshot topic recreated under the same name (its topic id differs)
 * @param allowClusterMismatch roll back a snapshot taken on another cluster (different cluster id)
 */
public record DriftPolicy(
        OutOfRange onOutOfRange,
        TopicDeleted onTopicDeleted,
        TopicRecreated onTopicRecreated,
        boolean allowClusterMismatch) {

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

    /** The defaults: clamp, skip deleted topics, refuse recreated topics and other clusters. */
    public static final DriftPolicy DEFAULT =
            new DriftPolicy(OutOfRange.CLAMP, TopicDeleted.SKIP, TopicRecreated.FAIL, false);
}
