package sh.oso.korb.engine;

import io.fabric8.tekton.v1.ParamValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import sh.oso.korb.api.AzureStorage;
import sh.oso.korb.api.GcsStorage;
import sh.oso.korb.api.KafkaClusterSpec;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackSpec;
import sh.oso.korb.api.S3Storage;
import sh.oso.korb.api.SaslMechanism;
import sh.oso.korb.api.SaslSecretRef;
import sh.oso.korb.api.SecretRef;
import sh.oso.korb.api.StorageSpec;
import sh.oso.korb.api.TlsSecretRef;
import sh.oso.korb.storage.StorageType;

/** A resource's spec as the Tasks' params and workspaces; unset fields keep the Pipelines' defaults. */
public final class RunParams {

    public static final String DEFAULT_CONFIG_MAP = "offset-snapshots";

    private final Map<String, ParamValue> values = new LinkedHashMap<>();

    public RunParams(KafkaOffsetRollback resource) {
        KafkaOffsetRollbackSpec spec = resource.getSpec();
        put("snapshot-id", spec.getSnapshotId());
        if (spec.getConsumerGroups() != null) {
            values.put("consumer-groups", new ParamValue(spec.getConsumerGroups()));
        }
        if (spec.getKafkaCluster() != null) {
            kafka(spec.getKafkaCluster());
        }
        storage(storageOf(resource), resource.getMetadata().getNamespace());
        if (spec.getVerify() != null && spec.getVerify().getStrict() != null) {
            put("strict", spec.getVerify().getStrict().toString());
        }
    }

    public void forEach(BiConsumer<String, ParamValue> action) {
        values.forEach(action);
    }

    /** Workspace name to Secret name, for every Secret the spec names. */
    public static Map<String, String> secretWorkspaces(KafkaOffsetRollback resource) {
        Map<String, String> secrets = new LinkedHashMap<>();
        KafkaClusterSpec cluster = resource.getSpec().getKafkaCluster();
        if (cluster != null && cluster.getTlsSecret() != null) {
            secrets.put("kafka-tls", cluster.getTlsSecret().getName());
        }
        if (cluster != null && cluster.getSaslSecret() != null) {
            secrets.put("kafka-sasl", cluster.getSaslSecret().getName());
        }
        cloudCredentials(storageOf(resource)).ifPresent(secret -> secrets.put("cloud-credentials", secret.getName()));
        return secrets;
    }

    public static Optional<String> claim(KafkaOffsetRollback resource) {
        StorageSpec storage = storageOf(resource);
        return storage.getStorageType() == StorageType.PVC
                ? Optional.of(storage.getPvc().getClaimName())
                : Optional.empty();
    }

    /** The reference's examples always name a store; without one the Tasks' default applies: a ConfigMap. */
    public static StorageSpec storageOf(KafkaOffsetRollback resource) {
        StorageSpec storage = resource.getSpec().getStorage();
        if (storage != null) {
            return storage;
        }
        StorageSpec configMap = new StorageSpec();
        configMap.setStorageType(StorageType.CONFIGMAP);
        return configMap;
    }

    private void kafka(KafkaClusterSpec cluster) {
        put("bootstrap-servers", String.join(",", cluster.getBootstrapServers()));
        put("security-protocol", cluster.effectiveSecurityProtocol().name());
        SaslSecretRef sasl = cluster.getSaslSecret();
        if (sasl != null) {
            put(
                    "sasl-mechanism",
                    (sasl.getMechanism() == null ? SaslMechanism.SCRAM_SHA_256 : sasl.getMechanism()).value());
            put("sasl-username-key", sasl.getUsernameKey());
            put("sasl-password-key", sasl.getPasswordKey());
        }
        TlsSecretRef tls = cluster.getTlsSecret();
        if (tls != null) {
            put("tls-ca-key", tls.getCaKey());
            put("tls-cert-key", tls.getCertKey());
            put("tls-key-key", tls.getKeyKey());
        }
    }

    private void storage(StorageSpec storage, String namespace) {
        put("storage-type", storage.getStorageType().value());
        switch (storage.getStorageType()) {
            case CONFIGMAP -> {
                String name = storage.getConfigMap() == null
                        ? null
                        : storage.getConfigMap().getName();
                put("configmap-name", name == null ? DEFAULT_CONFIG_MAP : name);
                put("configmap-namespace", namespace);
            }
            case S3 -> {
                S3Storage s3 = storage.getS3();
                put("s3-bucket", s3.getBucket());
                put("s3-region", s3.getRegion());
                put("s3-prefix", s3.getPrefix());
                put("s3-endpoint", s3.getEndpoint());
                put(
                        "s3-path-style",
                        s3.getPathStyle() == null ? null : s3.getPathStyle().toString());
            }
            case AZURE -> {
                AzureStorage azure = storage.getAzure();
                put("azure-container", azure.getContainer());
                put("azure-prefix", azure.getPrefix());
                put("azure-endpoint", azure.getEndpoint());
            }
            case GCS -> {
                GcsStorage gcs = storage.getGcs();
                put("gcs-bucket", gcs.getBucket());
                put("gcs-prefix", gcs.getPrefix());
            }
            case PVC -> {
                // the claim is the snapshots workspace; the Task points the executor at its path
            }
        }
    }

    private static Optional<SecretRef> cloudCredentials(StorageSpec storage) {
        return Optional.ofNullable(
                switch (storage.getStorageType()) {
                    case S3 -> storage.getS3().getCredentialsSecret();
                    case AZURE -> storage.getAzure().getCredentialsSecret();
                    case GCS -> storage.getGcs().getCredentialsSecret();
                    default -> null;
                });
    }

    private void put(String name, String value) {
        if (value != null) {
            values.put(name, new ParamValue(value));
        }
    }
}
