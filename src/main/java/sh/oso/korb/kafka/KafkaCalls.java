package sh.oso.korb.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import sh.oso.korb.error.KafkaAccessException;

/** Waits for Admin futures with a deadline and turns their failures into one-line, cause-naming errors. */
final class KafkaCalls {

    // The Admin client enforces the deadline itself; this margin only guards against a lost callback.
    private static final Duration GRACE = Duration.ofSeconds(5);

    private KafkaCalls() {
    }

    static <T> T await(KafkaFuture<T> future, String action, Duration timeout) {
        try {
            return future.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(action, e.getCause(), timeout);
        } catch (java.util.concurrent.TimeoutException e) {
            throw failure(action, new TimeoutException("no answer"), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException("interrupted while " + action, e);
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static KafkaAccessException failure(String action, Throwable error, Duration timeout) {
        Throwable cause = unwrap(error);
        String message;
        if (cause instanceof TimeoutException) {
            message = "Kafka did not answer within " + seconds(timeout) + " while " + action + " ("
                    + cause.getMessage() + "): check --bootstrap-servers and that the brokers are reachable";
        } else if (cause instanceof AuthenticationException) {
            message = "authentication failed while " + action + ": " + cause.getMessage();
        } else if (cause instanceof AuthorizationException) {
            message = "not authorized while " + action + ": " + cause.getMessage()
                    + " (grant korb's principal Describe/Read on the groups and Describe on the topics)";
        } else {
            message = action + " failed: " + describe(cause);
        }
        return new KafkaAccessException(message, cause);
    }

    static String describe(Throwable cause) {
        String text = cause.getMessage();
        return cause.getClass().getSimpleName() + (text == null || text.isBlank() ? "" : ": " + text);
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }
}
