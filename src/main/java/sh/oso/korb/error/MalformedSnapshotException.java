package sh.oso.korb.error;

/** A stored snapshot cannot be read as korb's snapshot format. */
public class MalformedSnapshotException extends KorbException {

    public MalformedSnapshotException(String message) {
        super(ExitCode.INVALID_INPUT, "MalformedSnapshot", message, null);
    }

    public MalformedSnapshotException(String message, Throwable cause) {
        super(ExitCode.INVALID_INPUT, "MalformedSnapshot", message, cause);
    }
}
