package sh.oso.korb.error;

/** Listed consumer groups have live members, so their offsets must not be changed. */
public class GroupsActiveException extends KorbException {

    public GroupsActiveException(String message) {
        super(Reason.GROUPS_ACTIVE, message, null);
    }
}
