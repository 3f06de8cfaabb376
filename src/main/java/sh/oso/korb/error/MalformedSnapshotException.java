package sh.oso.korb.error;

/** A stored snapshot cannot be read as korb's snapshot format. */
public class MalformedSnapshotException extends KorbException {

    public MalformedSnapshotException(String message) {
        super(Reason.MALFORMED_SNAPSHOT, message, null);
    }

    public MalformedSnapshotException(String message, Throwable cause) {
        super(Reason.MALFORMED_SNAPSHOT, message, cause);
    }
}
