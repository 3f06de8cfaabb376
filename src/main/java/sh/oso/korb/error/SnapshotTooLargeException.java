package sh.oso.korb.error;

/** The snapshot does not fit in the chosen store (a ConfigMap holds at most 1 MiB); nothing was written. */
public class SnapshotTooLargeException extends KorbException {

    public SnapshotTooLargeException(String message) {
        super(Reason.SNAPSHOT_TOO_LARGE, message, null);
    }
}
