package sh.oso.korb.kafka;

/**
 * How one group's offset commit ended.
 *
 * @param status    what is known about the group's commit
 * @param cause     why it is not simply committed, in a few words shared by every group that ended the same way;
 *                  empty when committed
 * @param retriable whether running the rollback again may succeed as it is (false: the cause must be fixed first)
 */
public record GroupCommit(Status status, String cause, boolean retriable) {

    public enum Status {
        /** The broker accepted the commit (or re-reading showed it was applied). */
        COMMITTED,
        /** The broker refused the commit because the group has members now. */
        ACTIVE_NOW,
        /** The broker refused the commit, or re-reading showed it was not applied. */
        FAILED,
        /** No answer came: the commit may or may not have been applied. */
        UNKNOWN,
        /** Not sent: the commit phase stopped first. */
        NOT_ATTEMPTED
    }

    public static GroupCommit committed() {
        return new GroupCommit(Status.COMMITTED, "", true);
    }

    public boolean isCommitted() {
        return status == Status.COMMITTED;
    }
}
