package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import sh.oso.korb.api.KafkaClusterSpec;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackSpec;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.SecurityProtocol;
import sh.oso.korb.api.SpecLimits;
import sh.oso.korb.api.StorageSpec;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.InvalidSpecException;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.StorageType;

/**
 * What the CRD schema and its CEL rules refuse, checked again, plus what they cannot express, so that an API
 * server without CEL (or a resource written before the CRD was updated) still gets one clear message naming
 * the field instead of a PipelineRun that fails.
 */
final class SpecValidator {

    private SpecValidator() {}

    static void validate(KafkaOffsetRollback resource) {
        KafkaOffsetRollbackSpec spec = resource.getSpec();
        if (spec == null) {
            throw new InvalidSpecException("spec is required");
        }
        if (spec.getOperation() == null) {
            throw new InvalidSpecException("spec.operation is required: snapshot, rollback, verify or delete");
        }
        try {
            SnapshotId.of(spec.getSnapshotId());
        } catch (InvalidInputException e) {
            throw new InvalidSpecException("spec.snapshotId: "
                    + e.getMessage().replace("pass --snapshot-id (or KORB_SNAPSHOT_ID)", "set spec.snapshotId"));
        }
        if (spec.getConsumerGroups() != null && spec.getConsumerGroupPattern() != null) {
            throw new InvalidSpecException("spec.consumerGroups and spec.consumerGroupPattern are mutually exclusive:"
                    + " remove one of them");
        }
        if (spec.getConsumerGroupPattern() != null) {
            groupPattern(spec.getConsumerGroupPattern());
        } else if (spec.getOperation() != Operation.DELETE) {
            consumerGroups(spec.getConsumerGroups(), spec.getOperation());
        }
        if (spec.getOperation() != Operation.DELETE) {
            kafkaCluster(spec.getKafkaCluster(), spec.getOperation());
        }
        if (spec.getStorage() != null) {
            storage(spec.getStorage());
        }
        if (spec.getResources() != null) {
            resources(spec.getResources());
        }
    }

    /**
     * What the API server refuses in a container's resources (Kubernetes' ValidateResourceRequirements), refused
     * here with the spec's field: on every engine the run would otherwise be refused, or fail, out of the user's sight.
     */
    static void resources(ResourceRequirements resources) {
        Map<String, Quantity> requests = resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources.getLimits() == null ? Map.of() : resources.getLimits();
        for (Map.Entry<String, Map<String, Quantity>> side :
                Map.of("requests", requests, "limits", limits).entrySet()) {
            side.getValue().forEach((name, quantity) -> {
                if (amount(quantity).signum() < 0) {
                    throw new InvalidSpecException("spec.resources." + side.getKey() + "." + name + " " + quantity
                            + " is negative: give a quantity of 0 or more");
                }
            });
        }
        requests.forEach((name, request) -> {
            Quantity limit = limits.get(name);
            if (limit != null && amount(request).compareTo(amount(limit)) > 0) {
                throw new InvalidSpecException("spec.resources.requests." + name + " " + request
                        + " is above spec.resources.limits." + name + " " + limit
                        + ": lower the request or raise the limit");
            }
        });
    }

    private static BigDecimal amount(Quantity quantity) {
        try {
            return Quantity.getAmountInBytes(quantity);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidSpecException("spec.resources: '" + quantity + "' is not a quantity (e.g. 100m, 256Mi)");
        }
    }

    private static void consumerGroups(List<String> groups, Operation operation) {
        if (groups == null || groups.isEmpty()) {
            throw new InvalidSpecException("spec.consumerGroups is required for operation " + operation.value()
                    + ": list the consumer group ids, or set spec.consumerGroupPattern ('.*' for every group)");
        }
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i) == null || groups.get(i).isBlank()) {
                throw new InvalidSpecException("spec.consumerGroups[" + i + "] is empty: remove it or name a group");
            }
        }
    }

    /** The executor matches it with Java's regular expressions, so Java's compiler is the judge. */
    private static void groupPattern(String pattern) {
        if (pattern.isEmpty()) {
            throw new InvalidSpecException(
                    "spec.consumerGroupPattern is empty: give a regular expression ('.*' for every group)");
        }
        if (pattern.length() > SpecLimits.GROUP_PATTERN_LENGTH) {
            throw new InvalidSpecException("spec.consumerGroupPattern is longer than " + SpecLimits.GROUP_PATTERN_LENGTH
                    + " characters: shorten it");
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            // its own message spans three lines (the pattern and a caret): one line naming the field instead
            throw new InvalidSpecException("spec.consumerGroupPattern is not a Java regular expression: "
                    + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")
                    + ": fix the expression");
        }
    }

    private static void kafkaCluster(KafkaClusterSpec cluster, Operation operation) {
        if (cluster == null) {
            throw new InvalidSpecException("spec.kafkaCluster is required for operation " + operation.value()
                    + ": set kafkaCluster.bootstrapServers");
        }
        cluster(cluster);
    }

    /** The cluster's servers and security, checked for a KafkaOffsetReset too (ResetSpecValidator). */
    static void cluster(KafkaClusterSpec cluster) {
        List<String> servers = cluster.getBootstrapServers();
        if (servers == null || servers.isEmpty()) {
            throw new InvalidSpecException(
                    "spec.kafkaCluster.bootstrapServers is required: list host:port of one or more brokers");
        }
        for (int i = 0; i < servers.size(); i++) {
            String server = servers.get(i);
            if (server == null || !server.matches("[^\\s,:]+:\\d{1,5}")) {
                throw new InvalidSpecException("spec.kafkaCluster.bootstrapServers[" + i + "] '" + server
                        + "' is not host:port (e.g. kafka:9092)");
            }
        }
        SecurityProtocol protocol = cluster.effectiveSecurityProtocol();
        boolean sasl = protocol == SecurityProtocol.SASL_SSL || protocol == SecurityProtocol.SASL_PLAINTEXT;
        if (sasl && cluster.getSaslSecret() == null) {
            throw new InvalidSpecException("spec.kafkaCluster.saslSecret is required with securityProtocol " + protocol
                    + ": name the Secret holding the username and password");
        }
        if (!sasl && cluster.getSaslSecret() != null) {
            throw new InvalidSpecException("spec.kafkaCluster.saslSecret is set but securityProtocol is " + protocol
                    + ": set securityProtocol to SASL_SSL (or SASL_PLAINTEXT)");
        }
    }

    static void storage(StorageSpec storage) {
        if (storage.getStorageType() == null) {
            throw new InvalidSpecException("spec.storage.storageType is required: one of " + StorageType.names());
        }
        String missing = switch (storage.getStorageType()) {
            case CONFIGMAP -> null;
            case S3 -> storage.getS3() == null ? "s3" : blank(storage.getS3().getBucket(), "s3.bucket");
            case AZURE ->
                storage.getAzure() == null ? "azure" : blank(storage.getAzure().getContainer(), "azure.container");
            case GCS ->
                storage.getGcs() == null ? "gcs" : blank(storage.getGcs().getBucket(), "gcs.bucket");
            case PVC ->
                storage.getPvc() == null ? "pvc" : blank(storage.getPvc().getClaimName(), "pvc.claimName");
        };
        if (missing != null) {
            throw new InvalidSpecException("spec.storage." + missing + " is required with storageType "
                    + storage.getStorageType().value());
        }
        if (storage.getStorageType() == StorageType.S3
                && isBlank(storage.getS3().getRegion())
                && isBlank(storage.getS3().getEndpoint())) {
            throw new InvalidSpecException(
                    "spec.storage.s3.region is required for AWS S3 (e.g. us-west-2), or set s3.endpoint");
        }
    }

    private static String blank(String value, String field) {
        return isBlank(value) ? field : null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
