package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Snapshots as blobs in Azure Blob Storage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AzureStorage {

    @Required
    @JsonPropertyDescription("The blob container.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String container;

    @JsonPropertyDescription("Blob name prefix.")
    @Size(max = SpecLimits.PREFIX_LENGTH)
    private String prefix;

    @JsonPropertyDescription("The account's blob endpoint, for workload identity.")
    @Size(max = SpecLimits.PATH_LENGTH)
    private String endpoint;

    @JsonPropertyDescription("A Secret whose key connection-string is the storage account's connection string.")
    private SecretRef credentialsSecret;

    public String getContainer() {
        return container;
    }

    public void setContainer(String container) {
        this.container = container;
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

    public SecretRef getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(SecretRef credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }
}
