package sh.oso.korb.kafka;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import sh.oso.korb.error.KafkaAccessException;
import sh.oso.korb.error.OutOfMemoryException;

/** Waits for Admin futures with a deadline and turns their failures into one-line, cause-naming errors. */
final class KafkaCalls {

    // The Admin client enforces the deadline itself; this margin only guards against a lost callback.
    private static final Duration GRACE = Duration.ofSeconds(5);

    private KafkaCalls() {}

    static <T> T await(KafkaFuture<T> future, String action, KafkaConfig config) {
        Duration timeout = config.timeout();
        try {
            return future.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (unwrap(e) instanceof OutOfMemoryError error) {
                throw OutOfMemoryException.during(action, error);
            }
            throw failure(action, e.getCause(), config);
        } catch (java.util.concurrent.TimeoutException e) {
            throw failure(action, new TimeoutException("no answer"), config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException("interrupted while " + action, e);
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static KafkaAccessException failure(String action, Throwable error, KafkaConfig config) {
        Throwable reported = unwrap(error);
        Throwable cause = behindWrappers(reported);
        String message;
        if (cause instanceof TimeoutException) {
            message = "Kafka did not answer within " + seconds(config.timeout()) + " while " + action + " ("
                    + cause.getMessage() + "): check --bootstrap-servers, --security-protocol and that the brokers"
                    + " are reachable";
        } else if (cause instanceof SslAuthenticationException) {
            message = tlsFailure(cause) + " (while " + action + ")";
        } else if (cause instanceof UnsupportedSaslMechanismException) {
            message = "the SASL mechanism is not enabled on the broker for " + config.identity() + ": "
                    + cause.getMessage();
        } else if (cause instanceof AuthenticationException) {
            message = "authentication failed for " + (config.identity().isEmpty() ? "korb" : config.identity())
                    + " (wrong username or password, or the user does not exist): " + cause.getMessage();
        } else if (cause instanceof AuthorizationException) {
            message = "not authorized while " + action + ": " + cause.getMessage()
                    + " (grant korb's principal Describe/Read on the groups and Describe on the topics)";
        } else {
            message = action + " failed: " + describe(reported) + (cause == reported ? "" : ": " + describe(cause));
        }
        return new KafkaAccessException(message, cause);
    }

    /**
     * The failure a bare {@link KafkaException} wraps. The Admin calls sent to every broker (ListGroups) first ask
     * for the brokers, and when that fails they report only "Failed to find brokers to send ListGroups", with the
     * real cause (failed authentication, an untrusted certificate, a timeout) as its cause: that is the one to name.
     * Subclasses of KafkaException are failures of their own and are kept.
     */
    private static Throwable behindWrappers(Throwable error) {
        Throwable cause = error;
        while (cause.getClass() == KafkaException.class && cause.getCause() != null) {
            cause = unwrap(cause.getCause());
        }
        return cause;
    }

    /** Names the usual TLS handshake failures in words; the JDK's own messages are cryptic. */
    private static String tlsFailure(Throwable error) {
        StringBuilder chain = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            chain.append(' ').append(cause.getMessage());
        }
        String text = chain.toString();
        if (text.contains("PKIX path") || text.contains("unable to find valid certification path")) {
            return "the broker's certificate is not trusted: the CA in --tls-ca-file did not sign it";
        }
        if (text.contains("subject alternative") || text.contains("No name matching")) {
            return "hostname mismatch: the broker's certificate does not name the host in --bootstrap-servers";
        }
        if (text.contains("bad_certificate")
                || text.contains("certificate_required")
                || text.contains("certificate_unknown")) {
            return "the broker refused the client certificate: mutual TLS needs --tls-cert-file and --tls-key-file"
                    + " signed by a CA the broker trusts";
        }
        return "TLS handshake with the broker failed: " + error.getMessage();
    }

    static String describe(Throwable cause) {
        String text = cause.getMessage();
        return cause.getClass().getSimpleName() + (text == null || text.isBlank() ? "" : ": " + text);
    }

    static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }
}
