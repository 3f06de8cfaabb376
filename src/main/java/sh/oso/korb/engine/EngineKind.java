package sh.oso.korb.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The engines a KafkaOffsetRollback can run on, by the name users give ({@code korb controller --engine},
 * the {@value #ANNOTATION} annotation, {@code korb render --engine}) and the kind of run each creates.
 */
public enum EngineKind {
    TEKTON("tekton", "tekton.dev/v1", "PipelineRun"),
    ARGO("argo", "argoproj.io/v1alpha1", "Workflow"),
    JOB("job", "batch/v1", "Job");

    /** The annotation that picks a resource's engine over the installation's default. */
    public static final String ANNOTATION = "korb.oso.sh/engine";

    private final String value;
    private final String apiVersion;
    private final String runKind;

    EngineKind(String value, String apiVersion, String runKind) {
        this.value = value;
        this.apiVersion = apiVersion;
        this.runKind = runKind;
    }

    public String value() {
        return value;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /**
     * Whether the engine itself deletes a finished run after job.ttlSecondsAfterFinished (Argo's ttlStrategy,
     * Kubernetes' TTL-after-finished controller); on Tekton only korb does.
     */
    public boolean deletesExpiredRuns() {
        return this != TEKTON;
    }

    /** The kind of the object a run of this engine is: PipelineRun, Workflow or Job. */
    public String runKind() {
        return runKind;
    }

    /** The engine of this name; an unknown name is an IllegalArgumentException naming the engines there are. */
    public static EngineKind of(String value) {
        String name = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.value.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not an engine: use " + names()));
    }

    /** The engine whose runs have this kind, e.g. Job. */
    public static java.util.Optional<EngineKind> ofRunKind(String runKind) {
        return Arrays.stream(values())
                .filter(kind -> kind.runKind.equals(runKind))
                .findFirst();
    }

    /** "tekton, argo or job". */
    public static String names() {
        String all = Arrays.stream(values()).map(EngineKind::value).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    @Override
    public String toString() {
        return value;
    }
}
