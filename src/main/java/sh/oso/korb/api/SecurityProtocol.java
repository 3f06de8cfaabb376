package sh.oso.korb.api;

/** Kafka's security.protocol values. */
public enum SecurityProtocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL
}
