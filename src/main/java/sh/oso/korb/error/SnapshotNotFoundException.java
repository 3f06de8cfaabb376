package sh.oso.korb.error;

/** The requested snapshot is not in the store. */
public class SnapshotNotFoundException extends KorbException {

    public SnapshotNotFoundException(String message) {
        super(Reason.SNAPSHOT_NOT_FOUND, message, null);
    }

    public static SnapshotNotFoundException at(String snapshotId, String location) {
        return new SnapshotNotFoundException("snapshot '" + snapshotId + "' not found at " + location);
    }
}
