package sh.oso.korb.error;

/** An option or argument is missing or malformed. */
public class InvalidInputException extends KorbException {

    public InvalidInputException(String message) {
        super(Reason.INVALID_INPUT, message, null);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(Reason.INVALID_INPUT, message, cause);
    }
}
