package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The SASL mechanisms the executor supports. */
public enum SaslMechanism {
    PLAIN,
    @JsonProperty("SCRAM-SHA-256")
    SCRAM_SHA_256,
    @JsonProperty("SCRAM-SHA-512")
    SCRAM_SHA_512;

    /** The name Kafka and the executor use. */
    public String value() {
        return name().replace('_', '-');
    }
}
