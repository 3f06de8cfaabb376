package sh.oso.korb.controller;

/**
 * The condition reasons the controller gives of its own, where no executor's {@link sh.oso.korb.error.Reason}
 * applies: the run has not ended, could not start, or ended without saying why. With the executor's reasons this
 * is the README's table of Ready reasons, which is tested against both.
 */
enum ControllerReason {
    // The names say PipelineRun for every engine: they were Tekton's first, and users' alerts match on them.
    PIPELINE_RUN_PENDING("PipelineRunPending", "phase Pending: the run (PipelineRun, Workflow or Job) waits to start"),
    PIPELINE_RUN_RUNNING("PipelineRunRunning", "phase Running: the run runs the operation"),
    WAITING_FOR_CONFLICTING_OPERATION(
            "WaitingForConflictingOperation",
            "phase Pending: another resource is rolling back or resetting (or snapshotting, verifying or planning a"
                    + " dry-run reset against a rollback or reset of) the same group on the same cluster; this one runs"
                    + " when that one finishes, in creation order. A `consumerGroupPattern`'s groups are known only"
                    + " when its run lists them, so it counts as the same group as any listed group it matches and as"
                    + " any other pattern"),
    PIPELINE_RUN_FAILED(
            "PipelineRunFailed",
            "phase Failed: the run failed without a failure reason of korb's (image pull, OOM kill, timeout) and is"
                    + " not a verify that reported differences; the message is the run's own when it wrote one, else"
                    + " its engine's"),
    PIPELINE_RUN_DELETED("PipelineRunDeleted", "phase Failed: the run was deleted before it finished"),
    RUN_CREATION_FAILED(
            "RunCreationFailed",
            "phase Pending: the API server refused to create the run (RBAC, its engine not installed, an"
                    + " admission webhook); the message is the API server's. Retried"),
    KUBERNETES_API_ERROR(
            "KubernetesApiError",
            "another request to the API server failed (the API down); the phase stays as stored, Pending if there"
                    + " was none yet. Retried"),
    RECONCILE_ERROR(
            "ReconcileError",
            "anything else went wrong; the controller's log has the stack trace; the"
                    + " phase stays as stored, Pending if there was none yet. Retried"),
    STRATEGY_NOT_SUPPORTED(
            "StrategyNotSupported",
            "phase Failed: a KafkaOffsetReset's strategy korb has no run for (headerBased); the message says which"
                    + " strategy to use instead. No run is created"),
    SPEC_CHANGED_AFTER_RUN(
            "SpecChangedAfterRun",
            "condition SpecChangeIgnored: the spec changed after the run started (on an API server without CEL);"
                    + " the change is not run");

    private final String reasonName;
    private final String meaning;

    ControllerReason(String reasonName, String meaning) {
        this.reasonName = reasonName;
        this.meaning = meaning;
    }

    String reasonName() {
        return reasonName;
    }

    String meaning() {
        return meaning;
    }

    /** Whether a resource held up for this reason gets a Warning Event: it waits, or a retry is needed. */
    boolean holdsUp() {
        return this == WAITING_FOR_CONFLICTING_OPERATION
                || this == RUN_CREATION_FAILED
                || this == KUBERNETES_API_ERROR
                || this == RECONCILE_ERROR;
    }

    static boolean holdsUp(String reasonName) {
        for (ControllerReason reason : values()) {
            if (reason.reasonName.equals(reasonName)) {
                return reason.holdsUp();
            }
        }
        return false;
    }
}
