package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Snapshots as objects in Google Cloud Storage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GcsStorage {

    @Required
    @JsonPropertyDescription("The bucket.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String bucket;

    @JsonPropertyDescription("Object name prefix.")
    @Size(max = SpecLimits.PREFIX_LENGTH)
    private String prefix;

    @JsonPropertyDescription(
            "A Secret whose key key.json is a service account key; without it Workload Identity is used.")
    private SecretRef credentialsSecret;

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public SecretRef getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(SecretRef credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }
}
