package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;

/**
 * Names and labels that tie a run (PipelineRun, Workflow, Job) to the resource generation it runs. The name is deterministic so that
 * a restarted controller finds the run it started instead of starting a second one.
 */
public final class RunNames {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String RESOURCE_LABEL = "kafka.oso.sh/rollback";
    public static final String OPERATION_LABEL = "kafka.oso.sh/operation";
    public static final String UID_LABEL = "kafka.oso.sh/rollback-uid";
    /** Tekton copies the PipelineRun's name into label values, Kubernetes the Job's, which Kubernetes caps at 63 characters. */
    private static final int LABEL_VALUE_LIMIT = 63;

    private RunNames() {}

    /** The labels of a KafkaOffsetReset's run, in place of RESOURCE_LABEL and UID_LABEL: a reset is no rollback. */
    public static final String RESET_LABEL = "kafka.oso.sh/reset";

    public static final String RESET_UID_LABEL = "kafka.oso.sh/reset-uid";

    public static String run(KafkaOffsetRollback resource) {
        return run((HasMetadata) resource);
    }

    public static String run(KafkaOffsetReset resource) {
        return run((HasMetadata) resource);
    }

    private static String run(HasMetadata resource) {
        return fitted(resource.getMetadata().getName(), "-g" + generation(resource));
    }

    /**
     * The run's metadata, the same for every engine: its name, the resource's namespace, korb's labels and the
     * resource as its controlling owner, so that Kubernetes deletes the run with the resource. A resource read
     * from a file ({@code korb render}) has no uid yet: its run has neither the uid label nor the owner
     * reference until the resource is applied.
     */
    public static ObjectMeta metadata(KafkaOffsetRollback resource) {
        return metadata(
                resource,
                RESOURCE_LABEL,
                UID_LABEL,
                resource.getSpec().getOperation().value());
    }

    /** A KafkaOffsetReset's run's metadata: as a rollback's, with the reset's labels and operation reset. */
    public static ObjectMeta metadata(KafkaOffsetReset resource) {
        return metadata(resource, RESET_LABEL, RESET_UID_LABEL, "reset");
    }

    private static ObjectMeta metadata(HasMetadata resource, String resourceLabel, String uidLabel, String operation) {
        ObjectMetaBuilder metadata = new ObjectMetaBuilder()
                .withName(run(resource))
                .withNamespace(resource.getMetadata().getNamespace())
                .addToLabels(MANAGED_BY, "korb")
                .addToLabels(resourceLabel, labelValue(resource.getMetadata().getName()))
                .addToLabels(OPERATION_LABEL, operation);
        String uid = resource.getMetadata().getUid();
        if (uid != null && !uid.isBlank()) {
            metadata.addToLabels(uidLabel, uid)
                    .addToOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion(resource.getApiVersion())
                            .withKind(resource.getKind())
                            .withName(resource.getMetadata().getName())
                            .withUid(uid)
                            .withController(true)
                            .withBlockOwnerDeletion(true)
                            .build());
        }
        return metadata.build();
    }

    public static String labelValue(String name) {
        return fitted(name, "");
    }

    public static long generation(KafkaOffsetRollback resource) {
        return generation((HasMetadata) resource);
    }

    public static long generation(KafkaOffsetReset resource) {
        return generation((HasMetadata) resource);
    }

    private static long generation(HasMetadata resource) {
        Long generation = resource.getMetadata().getGeneration();
        return generation == null ? 1 : generation;
    }

    /** {@code base + suffix} when it fits a label value, else a prefix of base, a hash of all of it and suffix. */
    private static String fitted(String base, String suffix) {
        if (base.length() + suffix.length() <= LABEL_VALUE_LIMIT) {
            return base + suffix;
        }
        String hash = sha256(base).substring(0, 8);
        String prefix = base.substring(0, LABEL_VALUE_LIMIT - suffix.length() - hash.length() - 1)
                .replaceAll("[^a-z0-9]+$", "");
        return prefix + "-" + hash + suffix;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
