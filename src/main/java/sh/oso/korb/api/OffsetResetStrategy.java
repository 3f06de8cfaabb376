package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a KafkaOffsetReset moves the groups' offsets: the public reference's six strategies, then korb's own three.
 * Each but earliest and latest reads the spec field of its name (timestamp also timestampMillis, fromMapping
 * mappingConfigMap, headerBased sourceCluster); the CRD's rules require it.
 */
public enum OffsetResetStrategy {
    @JsonProperty("earliest")
    EARLIEST,
    @JsonProperty("latest")
    LATEST,
    @JsonProperty("timestamp")
    TIMESTAMP,
    @JsonProperty("offset")
    OFFSET,
    /** Accepted as the reference writes it, never run: korb reads no backup headers (see the controller). */
    @JsonProperty("headerBased")
    HEADER_BASED,
    @JsonProperty("fromMapping")
    FROM_MAPPING,
    @JsonProperty("shiftBy")
    SHIFT_BY,
    @JsonProperty("duration")
    DURATION,
    @JsonProperty("fromGroup")
    FROM_GROUP;

    /** The name in YAML. */
    public String value() {
        try {
            return OffsetResetStrategy.class
                    .getField(name())
                    .getAnnotation(JsonProperty.class)
                    .value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
