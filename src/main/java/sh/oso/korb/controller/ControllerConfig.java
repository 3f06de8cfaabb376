package sh.oso.korb.controller;

import java.time.Duration;
import java.util.Set;

/**
 * The controller's settings, built once from flags and environment by {@code korb controller}.
 *
 * @param namespaces         namespaces to watch; empty for all
 * @param executorImage      the korb image the Tasks' steps run
 * @param executorAccount    the ServiceAccount the TaskRuns' pods run as, in each resource's namespace
 * @param conflictRecheck    how often a resource waiting for a conflicting run looks again
 * @param httpPort           port of /healthz, /readyz and /metrics; 0 for any free port, negative for none
 * @param deleteRetry        how long after the API refused to delete a PipelineRun past its
 *                           job.ttlSecondsAfterFinished the controller tries again
 */
public record ControllerConfig(
        Set<String> namespaces,
        String executorImage,
        String executorAccount,
        Duration conflictRecheck,
        int httpPort,
        Duration deleteRetry) {

    public static final String DEFAULT_IMAGE = "ghcr.io/oso-sh/korb:0.1.0";
    public static final String DEFAULT_EXECUTOR_ACCOUNT = "korb-executor";
    /** Housekeeping, not urgent: the resource's status already holds the run's outcome. */
    public static final Duration DEFAULT_DELETE_RETRY = Duration.ofMinutes(1);

    public ControllerConfig {
        namespaces = Set.copyOf(namespaces);
    }

    /** With the {@link #DEFAULT_DELETE_RETRY}. */
    public ControllerConfig(
            Set<String> namespaces,
            String executorImage,
            String executorAccount,
            Duration conflictRecheck,
            int httpPort) {
        this(namespaces, executorImage, executorAccount, conflictRecheck, httpPort, DEFAULT_DELETE_RETRY);
    }
}
