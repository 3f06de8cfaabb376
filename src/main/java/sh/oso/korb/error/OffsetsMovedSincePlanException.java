package sh.oso.korb.error;

/**
 * Committed offsets of a listed group changed between the rollback's plan and its commits: something commits for
 * the group without being a member of it (a consumer using assign() with manual commits), and would overwrite the
 * rolled-back offsets.
 */
public class OffsetsMovedSincePlanException extends KorbException {

    public OffsetsMovedSincePlanException(String message) {
        super(Reason.OFFSETS_MOVED_SINCE_PLAN, message, null);
    }
}
