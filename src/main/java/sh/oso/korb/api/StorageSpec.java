package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import sh.oso.korb.storage.StorageType;

/** Where snapshots live. Only the section of the chosen type is used. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self.storageType != 's3' || has(self.s3)",
        message = "storage.s3 is required with storageType s3")
@ValidationRule(
        value = "self.storageType != 'azure' || has(self.azure)",
        message = "storage.azure is required with storageType azure")
@ValidationRule(
        value = "self.storageType != 'gcs' || has(self.gcs)",
        message = "storage.gcs is required with storageType gcs")
@ValidationRule(
        value = "self.storageType != 'pvc' || has(self.pvc)",
        message = "storage.pvc is required with storageType pvc")
public class StorageSpec {

    @Required
    @JsonPropertyDescription("configMap (or configmap), s3, azure, gcs or pvc.")
    @JsonSerialize(using = StorageTypeJson.Writer.class)
    @JsonDeserialize(using = StorageTypeJson.Reader.class)
    private StorageType storageType;

    @JsonPropertyDescription("For storageType configMap: the ConfigMap that holds the snapshots, one data key each.")
    private ConfigMapStorage configMap;

    @JsonPropertyDescription("For storageType s3: the bucket and where in it.")
    private S3Storage s3;

    @JsonPropertyDescription("For storageType azure: the blob container and where in it.")
    private AzureStorage azure;

    @JsonPropertyDescription("For storageType gcs: the bucket and where in it.")
    private GcsStorage gcs;

    @JsonPropertyDescription("For storageType pvc: the PersistentVolumeClaim that holds the snapshots.")
    private PvcStorage pvc;

    public StorageType getStorageType() {
        return storageType;
    }

    public void setStorageType(StorageType storageType) {
        this.storageType = storageType;
    }

    public ConfigMapStorage getConfigMap() {
        return configMap;
    }

    public void setConfigMap(ConfigMapStorage configMap) {
        this.configMap = configMap;
    }

    public S3Storage getS3() {
        return s3;
    }

    public void setS3(S3Storage s3) {
        this.s3 = s3;
    }

    public AzureStorage getAzure() {
        return azure;
    }

    public void setAzure(AzureStorage azure) {
        this.azure = azure;
    }

    public GcsStorage getGcs() {
        return gcs;
    }

    public void setGcs(GcsStorage gcs) {
        this.gcs = gcs;
    }

    public PvcStorage getPvc() {
        return pvc;
    }

    public void setPvc(PvcStorage pvc) {
        this.pvc = pvc;
    }
}
