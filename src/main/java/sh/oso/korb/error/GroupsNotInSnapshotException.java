package sh.oso.korb.error;

/** Listed consumer groups are not part of the snapshot. */
public class GroupsNotInSnapshotException extends KorbException {

    public GroupsNotInSnapshotException(String message) {
        super(Reason.GROUPS_NOT_IN_SNAPSHOT, message, null);
    }
}
