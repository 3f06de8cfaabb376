package sh.oso.korb.error;

/** A Kafka request failed or timed out. */
public class KafkaAccessException extends KorbException {

    public KafkaAccessException(String message) {
        super(ExitCode.FAILED, "KafkaError", message, null);
    }

    public KafkaAccessException(String message, Throwable cause) {
        super(ExitCode.FAILED, "KafkaError", message, cause);
    }
}
