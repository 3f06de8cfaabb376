package sh.oso.korb.error;

/** An option or argument is missing or malformed. */
public class InvalidInputException extends KorbException {

    public InvalidInputException(String message) {
        super(ExitCode.INVALID_INPUT, "InvalidInput", message, null);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(ExitCode.INVALID_INPUT, "InvalidInput", message, cause);
    }
}
