package sh.oso.korb.error;

/** A Kafka request failed or timed out. */
public class KafkaAccessException extends KorbException {

    public KafkaAccessException(String message) {
        super(Reason.KAFKA_ERROR, message, null);
    }

    public KafkaAccessException(String message, Throwable cause) {
        super(Reason.KAFKA_ERROR, message, cause);
    }
}
