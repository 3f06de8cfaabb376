package sh.oso.korb.error;

/** A KafkaOffsetRollback's spec cannot be run as written; the message names the field and the fix. */
public class InvalidSpecException extends KorbException {

    public InvalidSpecException(String message) {
        super(Reason.INVALID_SPEC, message, null);
    }
}
