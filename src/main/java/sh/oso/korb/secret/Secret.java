package sh.oso.korb.secret;

import java.util.Objects;

/**
 * A credential held in memory. It never shows itself: {@link #toString()} is a placeholder, so a secret
 * that ends up in a log line, an exception message or a record's toString stays hidden.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret itself, for the one client that needs it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
