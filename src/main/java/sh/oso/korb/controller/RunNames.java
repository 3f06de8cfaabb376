package sh.oso.korb.controller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import sh.oso.korb.api.KafkaOffsetRollback;

/**
 * Names and labels that tie a PipelineRun to the resource generation it runs. The name is deterministic so that
 * a restarted controller finds the run it started instead of starting a second one.
 */
final class RunNames {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String RESOURCE_LABEL = "kafka.oso.sh/rollback";
    static final String OPERATION_LABEL = "kafka.oso.sh/operation";
    static final String UID_LABEL = "kafka.oso.sh/rollback-uid";
    /** Tekton copies the PipelineRun's name into label values, which Kubernetes caps at 63 characters. */
    private static final int LABEL_VALUE_LIMIT = 63;

    private RunNames() {}

    static String pipelineRun(KafkaOffsetRollback resource) {
        return fitted(resource.getMetadata().getName(), "-g" + generation(resource));
    }

    static String labelValue(String name) {
        return fitted(name, "");
    }

    static long generation(KafkaOffsetRollback resource) {
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
