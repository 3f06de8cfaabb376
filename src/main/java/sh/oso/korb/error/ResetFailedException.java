package sh.oso.korb.error;

/** Some groups' reset commits failed (reset); the message names them and the undo snapshot. */
public class ResetFailedException extends KorbException {

    public ResetFailedException(String message) {
        super(Reason.RESET_FAILED, message, null);
    }
}
