package sh.oso.korb.error;

/** A stored snapshot's content does not match the digest it was written with. */
public class CorruptSnapshotException extends KorbException {

    public CorruptSnapshotException(String message) {
        super(Reason.SNAPSHOT_CORRUPTED, message, null);
    }
}
