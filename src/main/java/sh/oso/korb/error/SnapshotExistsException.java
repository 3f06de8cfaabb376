package sh.oso.korb.error;

/** A snapshot with the requested id already exists and --overwrite was not given. */
public class SnapshotExistsException extends KorbException {

    public SnapshotExistsException(String message) {
        super(Reason.SNAPSHOT_EXISTS, message, null);
    }

    public static SnapshotExistsException at(String snapshotId, String location) {
        return new SnapshotExistsException("snapshot '" + snapshotId + "' already exists at " + location
                + ": choose another --snapshot-id, delete it first, or pass --overwrite");
    }
}
