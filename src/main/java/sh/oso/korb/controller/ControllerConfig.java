package sh.oso.korb.controller;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.ExecutorSettings;

/**
 * The controller's settings, built once from flags and environment by {@code korb controller}.
 *
 * @param namespaces         namespaces to watch; empty for all
 * @param executorImage      the korb image the runs' containers run
 * @param executorAccount    the ServiceAccount the runs' pods run as, in each resource's namespace
 * @param conflictRecheck    how often a resource waiting for a conflicting run looks again
 * @param httpPort           port of /healthz, /readyz and /metrics; 0 for any free port, negative for none
 * @param deleteRetry        how long after the API refused to delete a run past its job.ttlSecondsAfterFinished
 *                           the controller tries again
 * @param engine             the engine a resource runs on unless its {@value EngineKind#ANNOTATION} annotation
 *                           names another
 * @param engines            the engines this installation runs (and watches): {@code engine} and any others a
 *                           resource may pick by the annotation
 */
public record ControllerConfig(
        Set<String> namespaces,
        String executorImage,
        String executorAccount,
        Duration conflictRecheck,
        int httpPort,
        Duration deleteRetry,
        EngineKind engine,
        Set<EngineKind> engines) {

    public static final String DEFAULT_IMAGE = "ghcr.io/oso-sh/korb:0.1.0";
    public static final String DEFAULT_EXECUTOR_ACCOUNT = "korb-executor";
    /** Housekeeping, not urgent: the resource's status already holds the run's outcome. */
    public static final Duration DEFAULT_DELETE_RETRY = Duration.ofMinutes(1);

    public ControllerConfig {
        namespaces = Set.copyOf(namespaces);
        EnumSet<EngineKind> enabled = EnumSet.of(engine);
        enabled.addAll(engines);
        engines = Set.copyOf(enabled);
    }

    /** On Tekton only, as before there were engines. */
    public ControllerConfig(
            Set<String> namespaces,
            String executorImage,
            String executorAccount,
            Duration conflictRecheck,
            int httpPort,
            Duration deleteRetry) {
        this(
                namespaces,
                executorImage,
                executorAccount,
                conflictRecheck,
                httpPort,
                deleteRetry,
                EngineKind.TEKTON,
                Set.of());
    }

    /** With the {@link #DEFAULT_DELETE_RETRY}, on Tekton only. */
    public ControllerConfig(
            Set<String> namespaces,
            String executorImage,
            String executorAccount,
            Duration conflictRecheck,
            int httpPort) {
        this(namespaces, executorImage, executorAccount, conflictRecheck, httpPort, DEFAULT_DELETE_RETRY);
    }

    /** The same installation on another default engine, with every engine enabled (tests, korb render). */
    public ControllerConfig on(EngineKind defaultEngine) {
        return new ControllerConfig(
                namespaces,
                executorImage,
                executorAccount,
                conflictRecheck,
                httpPort,
                deleteRetry,
                defaultEngine,
                EnumSet.allOf(EngineKind.class));
    }

    public ExecutorSettings executor() {
        return new ExecutorSettings(executorImage, executorAccount);
    }
}
