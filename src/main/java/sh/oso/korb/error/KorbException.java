package sh.oso.korb.error;

/**
 * Base of every failure korb reports to a user. Each subclass is one failure reason: it carries the
 * executor's exit code and a CamelCase {@link #reason()} that later becomes a status condition reason.
 * Messages are one line that names the cause and, where possible, how to fix it.
 */
public abstract class KorbException extends RuntimeException {

    private final ExitCode exitCode;
    private final String reason;

    protected KorbException(ExitCode exitCode, String reason, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.reason = reason;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public String reason() {
        return reason;
    }
}
