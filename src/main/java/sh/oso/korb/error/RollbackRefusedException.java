package sh.oso.korb.error;

/** The cluster drifted since the snapshot in a way the chosen policies do not allow; nothing was changed. */
public class RollbackRefusedException extends KorbException {

    public RollbackRefusedException(String message) {
        super(Reason.ROLLBACK_REFUSED, message, null);
    }
}
