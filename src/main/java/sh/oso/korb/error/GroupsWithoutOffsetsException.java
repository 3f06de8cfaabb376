package sh.oso.korb.error;

/** Listed consumer groups have no committed offsets, so a snapshot would silently capture nothing for them. */
public class GroupsWithoutOffsetsException extends KorbException {

    public GroupsWithoutOffsetsException(String message) {
        super(Reason.GROUPS_WITHOUT_OFFSETS, message, null);
    }
}
