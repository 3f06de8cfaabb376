package sh.oso.korb.controller;

import java.util.Optional;
import java.util.Set;

/**
 * The executor's {@code reason} result as the Ready condition's reason. Only a name the executor defines is
 * taken, and only when it agrees with how the run ended (a success reason on a failed run, e.g. one killed
 * after it wrote its results, is not); anything else counts as no reason at all.
 */
final class RunReasons {

    // The executor's reason names (the `reason` result of every korb command run with --results-dir).
    private static final Set<String> SUCCESS = Set.of("SnapshotCreated", "RollbackCompleted", "RollbackPlanned",
            "VerificationPassed", "DifferencesFound", "SnapshotDeleted");
    private static final Set<String> FAILURE = Set.of("GroupsActive", "RollbackRefused", "RollbackFailed",
            "SnapshotNotFound", "SnapshotExists", "SnapshotCorrupted", "MalformedSnapshot", "SnapshotTooLarge",
            "GroupsNotInSnapshot", "GroupsWithoutOffsets", "InvalidInput", "KafkaError", "StorageError", "OutOfMemory",
            "UnexpectedFailure", "DifferencesFound");

    private RunReasons() {
    }

    /** The run's own reason, when it wrote a known one that fits its outcome. */
    static Optional<String> reported(RunOutcome outcome) {
        String reason = outcome.result("reason");
        Set<String> fitting = outcome.state() == RunOutcome.State.SUCCEEDED ? SUCCESS : FAILURE;
        return reason != null && fitting.contains(reason) ? Optional.of(reason) : Optional.empty();
    }
}
