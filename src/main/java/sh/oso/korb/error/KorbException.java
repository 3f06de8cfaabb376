package sh.oso.korb.error;

/**
 * Base of every failure korb reports to a user. Each subclass is one failure {@link Reason}, which names the
 * executor's exit code and becomes the {@code reason} result and the status condition's reason. Messages are one
 * line that names the cause and, where possible, how to fix it.
 */
public abstract class KorbException extends RuntimeException {

    private final Reason reason;
    private String done = "";

    protected KorbException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ExitCode exitCode() {
        return reason.exitCode();
    }

    public Reason reason() {
        return reason;
    }

    /**
     * Puts what the run had already changed before this failure in front of its message: an operator reading only
     * the error still learns that, and how to undo it. The reason (and so the exit code) stays this failure's.
     */
    public KorbException afterChange(String changed) {
        this.done = changed;
        return this;
    }

    @Override
    public String getMessage() {
        return afterWhatChanged(super.getMessage());
    }

    protected final String afterWhatChanged(String message) {
        return done.isEmpty() ? message : done + " Then " + message;
    }

    /** The message as the {@code message} result (and so a resource's status) carries it. */
    public String resultMessage() {
        return getMessage();
    }
}
