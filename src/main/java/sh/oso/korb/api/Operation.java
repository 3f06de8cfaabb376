package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a KafkaOffsetRollback does. */
public enum Operation {
    @JsonProperty("snapshot")
    SNAPSHOT,
    @JsonProperty("rollback")
    ROLLBACK,
    @JsonProperty("verify")
    VERIFY,
    @JsonProperty("delete")
    DELETE;

    /** The name in YAML, in the Tasks' names and in the executor's subcommands. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
