package sh.oso.korb.api;

/** The seed's status.phase values. */
public enum Phase {
    Pending, Running, Completed, Failed;

    public boolean finished() {
        return this == Completed || this == Failed;
    }
}
