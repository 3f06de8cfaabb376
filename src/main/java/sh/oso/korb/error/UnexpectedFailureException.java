package sh.oso.korb.error;

/**
 * A failure korb has no reason for (a bug, or a library failing in a way korb does not expect). It still ends the
 * run the documented way: one line, exit 1, the result files written; the stack trace is logged with --verbose.
 */
public class UnexpectedFailureException extends KorbException {

    public UnexpectedFailureException(Exception cause) {
        super(Reason.UNEXPECTED_FAILURE, "unexpected failure: " + cause + " (run with --verbose for the stack trace)",
                cause);
    }
}
