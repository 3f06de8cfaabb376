package sh.oso.korb.error;

/**
 * A failure korb has no reason for (a bug, or a library failing in a way korb does not expect). It still ends the
 * run the documented way: one line, exit 1, the result files written; the stack trace is logged with --verbose.
 */
public class UnexpectedFailureException extends KorbException {

    public UnexpectedFailureException(Throwable cause) {
        super(
                Reason.UNEXPECTED_FAILURE,
                "unexpected failure: " + cause + " (run with --verbose for the stack trace)",
                cause);
    }

    /**
     * Only the failure's type: a library's message has not been vetted for what it may hold (a value from a
     * credentials file, say), and the result becomes a resource's status; the step's own log has the message.
     */
    @Override
    public String resultMessage() {
        return afterWhatChanged("unexpected failure: " + getCause().getClass().getName()
                + " (the step's log has its message; run with --verbose for the stack trace)");
    }
}
