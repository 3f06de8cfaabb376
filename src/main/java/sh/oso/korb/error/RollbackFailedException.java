package sh.oso.korb.error;

/** Committing the snapshot offsets failed for some groups; the message names them. */
public class RollbackFailedException extends KorbException {

    public RollbackFailedException(String message) {
        super(Reason.ROLLBACK_FAILED, message, null);
    }
}
