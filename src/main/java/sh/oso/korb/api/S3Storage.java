package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Snapshots as objects in S3 or an S3-compatible store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Storage {

    @Required
    @JsonPropertyDescription("The bucket.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String bucket;

    @JsonPropertyDescription("The region, e.g. us-west-2; optional with an endpoint.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String region;

    @JsonPropertyDescription("Key prefix: snapshots are <prefix>/<snapshotId>.json.")
    @Size(max = SpecLimits.PREFIX_LENGTH)
    private String prefix;

    @JsonPropertyDescription("Endpoint of an S3-compatible store (MinIO, Ceph); empty for AWS.")
    @Size(max = SpecLimits.PATH_LENGTH)
    private String endpoint;

    @JsonPropertyDescription("Address buckets by path (most S3-compatible stores).")
    private Boolean pathStyle;

    @JsonPropertyDescription(
            "A Secret whose key credentials is an AWS credentials file; without it the pod's identity (IRSA) is used.")
    private SecretRef credentialsSecret;

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public Boolean getPathStyle() {
        return pathStyle;
    }

    public void setPathStyle(Boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    public SecretRef getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(SecretRef credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }
}
