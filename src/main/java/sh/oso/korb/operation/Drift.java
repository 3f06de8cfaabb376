package sh.oso.korb.operation;

/** How a partition changed between the snapshot and now; verify reports it with each difference. */
public enum Drift {
    NONE("none"),
    BELOW_LOG_START("below-log-start"),
    ABOVE_LOG_END("above-log-end"),
    TOPIC_DELETED("topic-deleted"),
    TOPIC_RECREATED("topic-recreated"),
    PARTITION_GONE("partition-gone"),
    NEW_PARTITION("new-partition"),
    CLUSTER_CHANGED("cluster-changed");

    private final String label;

    Drift(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
