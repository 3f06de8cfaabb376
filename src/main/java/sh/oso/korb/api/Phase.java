package sh.oso.korb.api;

/** The values of status.phase (docs/kafkaoffsetrollback.md). */
public enum Phase {
    Pending,
    Running,
    Completed,
    Failed;

    public boolean finished() {
        return this == Completed || this == Failed;
    }
}
