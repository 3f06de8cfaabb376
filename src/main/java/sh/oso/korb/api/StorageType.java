package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The seed spells the ConfigMap store two ways ({@code configMap} in its tables and examples, {@code configmap}
 * in the full specification's comment); both are accepted and mean the same store.
 */
public enum StorageType {
    @JsonProperty("configMap") CONFIG_MAP,
    @JsonProperty("configmap") CONFIG_MAP_LOWERCASE,
    @JsonProperty("s3") S3,
    @JsonProperty("azure") AZURE,
    @JsonProperty("gcs") GCS,
    @JsonProperty("pvc") PVC;

    /** The executor's --storage-type value. */
    public String executorValue() {
        return switch (this) {
            case CONFIG_MAP, CONFIG_MAP_LOWERCASE -> "configMap";
            default -> name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
