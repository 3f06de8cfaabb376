package sh.oso.korb.error;

/** A snapshot with the requested id already exists and --overwrite was not given. */
public class SnapshotExistsException extends KorbException {

    public SnapshotExistsException(String message) {
        super(Reason.SNAPSHOT_EXISTS, message, null);
    }

    public static SnapshotExistsException at(String snapshotId, String location) {
        return at(snapshotId, location, "");
    }

    /** The refusal, saying after the location why the existing snapshot is not this run's ({@code ""}: nothing). */
    public static SnapshotExistsException at(String snapshotId, String location, String why) {
        return new SnapshotExistsException("snapshot '" + snapshotId + "' already exists at " + location
                + (why.isEmpty() ? "" : ", " + why) + ": choose another --snapshot-id, delete it first, or pass"
                + " --overwrite");
    }
}
