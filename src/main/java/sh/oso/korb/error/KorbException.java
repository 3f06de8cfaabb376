package sh.oso.korb.error;

/**
 * Base of every failure korb reports to a user. Each subclass is one failure {@link Reason}, which names the
 * executor's exit code and becomes the {@code reason} result and the status condition's reason. Messages are one
 * line that names the cause and, where possible, how to fix it.
 */
public abstract class KorbException extends RuntimeException {

    private final Reason reason;

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

    /** The message as the {@code message} result (and so a resource's status) carries it. */
    public String resultMessage() {
        return getMessage();
    }
}
