package sh.oso.korb.error;

/** A policy refuses the reset (an out-of-range target with --on-out-of-range=fail); nothing was changed. */
public class ResetRefusedException extends KorbException {

    public ResetRefusedException(String message) {
        super(Reason.RESET_REFUSED, message, null);
    }
}
