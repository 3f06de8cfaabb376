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
import sh.oso.korb.api.Operation;
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
        // instead of consumer-groups, whose default (none) the Pipelines keep; the delete Pipeline has no groups
        if (spec.getOperation() != Operation.DELETE) {
            put("group-pattern", spec.getConsumerGroupPattern());
        }
        if (spec.getKafkaCluster() != null) {
            kafka(spec.getKafkaCluster(), values);
        }
        storage(storageOf(resource), resource.getMetadata().getNamespace(), values);
        if (spec.getVerify() != null && spec.getVerify().getStrict() != null) {
            put("strict", spec.getVerify().getStrict().toString());
        }
        // only the rollback and verify Pipelines declare it
        if (spec.getExact() != null
                && (spec.getOperation() == Operation.ROLLBACK || spec.getOperation() == Operation.VERIFY)) {
            put("exact", spec.getExact().toString());
        }
    }

    public void forEach(BiConsumer<String, ParamValue> action) {
        values.forEach(action);
    }

    /** Workspace name to Secret name, for every Secret the spec names. */
    public static Map<String, String> secretWorkspaces(KafkaOffsetRollback resource) {
        return secretWorkspaces(resource.getSpec().getKafkaCluster(), storageOf(resource));
    }

    /** Workspace name to Secret name, for every Secret a cluster and a store (or null: none) name. */
    static Map<String, String> secretWorkspaces(KafkaClusterSpec cluster, StorageSpec storage) {
        Map<String, String> secrets = new LinkedHashMap<>();
        if (cluster != null && cluster.getTlsSecret() != null) {
            secrets.put("kafka-tls", cluster.getTlsSecret().getName());
        }
        if (cluster != null && cluster.getSaslSecret() != null) {
            secrets.put("kafka-sasl", cluster.getSaslSecret().getName());
        }
        if (storage != null) {
            cloudCredentials(storage).ifPresent(secret -> secrets.put("cloud-credentials", secret.getName()));
        }
        return secrets;
    }

    public static Optional<String> claim(KafkaOffsetRollback resource) {
        return claim(storageOf(resource));
    }

    static Optional<String> claim(StorageSpec storage) {
        return storage.getStorageType() == StorageType.PVC
                ? Optional.of(storage.getPvc().getClaimName())
                : Optional.empty();
    }

    /** The reference's examples always name a store; without one the Tasks' default applies: a ConfigMap. */
    public static StorageSpec storageOf(KafkaOffsetRollback resource) {
        return storageOf(resource.getSpec().getStorage());
    }

    /** The spec's store, or the Tasks' default when it names none: the ConfigMap offset-snapshots. */
    static StorageSpec storageOf(StorageSpec storage) {
        if (storage != null) {
            return storage;
        }
        StorageSpec configMap = new StorageSpec();
        configMap.setStorageType(StorageType.CONFIGMAP);
        return configMap;
    }

    /** The Kafka params of the Tasks, which every Task names alike (ResetRunParams' too). */
    static void kafka(KafkaClusterSpec cluster, Map<String, ParamValue> values) {
        put("bootstrap-servers", String.join(",", cluster.getBootstrapServers()), values);
        put("security-protocol", cluster.effectiveSecurityProtocol().name(), values);
        SaslSecretRef sasl = cluster.getSaslSecret();
        if (sasl != null) {
            put(
                    "sasl-mechanism",
                    (sasl.getMechanism() == null ? SaslMechanism.SCRAM_SHA_256 : sasl.getMechanism()).value(),
                    values);
            put("sasl-username-key", sasl.getUsernameKey(), values);
            put("sasl-password-key", sasl.getPasswordKey(), values);
        }
        TlsSecretRef tls = cluster.getTlsSecret();
        if (tls != null) {
            put("tls-ca-key", tls.getCaKey(), values);
            put("tls-cert-key", tls.getCertKey(), values);
            put("tls-key-key", tls.getKeyKey(), values);
        }
    }

    /** The store params of the Tasks, which every Task names alike (ResetRunParams' too). */
    static void storage(StorageSpec storage, String namespace, Map<String, ParamValue> values) {
        put("storage-type", storage.getStorageType().value(), values);
        switch (storage.getStorageType()) {
            case CONFIGMAP -> {
                String name = storage.getConfigMap() == null
                        ? null
                        : storage.getConfigMap().getName();
                put("configmap-name", name == null ? DEFAULT_CONFIG_MAP : name, values);
                put("configmap-namespace", namespace, values);
            }
            case S3 -> {
                S3Storage s3 = storage.getS3();
                put("s3-bucket", s3.getBucket(), values);
                put("s3-region", s3.getRegion(), values);
                put("s3-prefix", s3.getPrefix(), values);
                put("s3-endpoint", s3.getEndpoint(), values);
                put(
                        "s3-path-style",
                        s3.getPathStyle() == null ? null : s3.getPathStyle().toString(),
                        values);
            }
            case AZURE -> {
                AzureStorage azure = storage.getAzure();
                put("azure-container", azure.getContainer(), values);
                put("azure-prefix", azure.getPrefix(), values);
                put("azure-endpoint", azure.getEndpoint(), values);
            }
            case GCS -> {
                GcsStorage gcs = storage.getGcs();
                put("gcs-bucket", gcs.getBucket(), values);
                put("gcs-prefix", gcs.getPrefix(), values);
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
        put(name, value, values);
    }

    /** A string param, when the spec sets it: unset fields keep the Task's default. */
    static void put(String name, String value, Map<String, ParamValue> values) {
        if (value != null) {
            values.put(name, new ParamValue(value));
        }
    }
}
