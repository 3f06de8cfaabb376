package sh.oso.korb.error;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Why a run ended as it did: the one table of reasons. Every command writes its reason to the {@code reason}
 * result file, every {@link KorbException} carries one (its exit code is the reason's), the controller makes it
 * the Ready condition's reason, and the README's reasons table is tested against this enum.
 */
public enum Reason {
    SNAPSHOT_CREATED("SnapshotCreated", ExitCode.SUCCESS, "snapshot: the snapshot was written"),
    ROLLBACK_COMPLETED(
            "RollbackCompleted",
            ExitCode.SUCCESS,
            "rollback: every listed group is at the snapshot (with --verify: and read back to match it)"),
    ROLLBACK_PLANNED(
            "RollbackPlanned", ExitCode.SUCCESS, "rollback --dry-run: the plan was printed; nothing was changed"),
    VERIFICATION_PASSED("VerificationPassed", ExitCode.SUCCESS, "verify: every committed offset matches the snapshot"),
    OFFSETS_DELETED(
            "OffsetsDeleted",
            ExitCode.SUCCESS,
            "delete-offsets: the listed groups have no offsets left on the listed topics (none there to begin with"
                    + " included)"),
    OFFSET_DELETION_PLANNED(
            "OffsetDeletionPlanned",
            ExitCode.SUCCESS,
            "delete-offsets --dry-run: the plan was printed; nothing was changed"),
    RESET_COMPLETED(
            "ResetCompleted",
            ExitCode.SUCCESS,
            "reset: every listed group is at the offsets the strategy chose (with --verify: and read back to match)"),
    RESET_PLANNED("ResetPlanned", ExitCode.SUCCESS, "reset --dry-run: the plan was printed; nothing was changed"),
    SNAPSHOT_DELETED("SnapshotDeleted", ExitCode.SUCCESS, "delete: the snapshot was deleted"),
    NOTHING_TO_DELETE("NothingToDelete", ExitCode.SUCCESS, "delete --ignore-missing: there was no such snapshot"),
    SNAPSHOTS_LISTED("SnapshotsListed", ExitCode.SUCCESS, "list: the store's snapshots were listed"),
    SNAPSHOT_SHOWN("SnapshotShown", ExitCode.SUCCESS, "show: the snapshot was printed"),
    DIFFERENCES_FOUND(
            "DifferencesFound",
            ExitCode.DIFFERENCES,
            true,
            "verify found committed offsets that differ from the snapshot: reported with exit 0, or exit 3 with"
                    + " --strict and after rollback --verify"),
    INVALID_INPUT(
            "InvalidInput",
            ExitCode.INVALID_INPUT,
            "an option is missing or malformed, or names a share or streams group; the message names it"),
    INVALID_SPEC(
            "InvalidSpec",
            ExitCode.INVALID_INPUT,
            "controller and render: the resource's spec cannot run; the message names the field"),
    SNAPSHOT_EXISTS(
            "SnapshotExists",
            ExitCode.INVALID_INPUT,
            "snapshot: the snapshot id is taken (with --run-id: not by an earlier attempt of the run with the same"
                    + " groups); choose another, delete it, or pass --overwrite; rollback with --run-id: the undo"
                    + " snapshot id it gives holds something else"),
    SNAPSHOT_TOO_LARGE(
            "SnapshotTooLarge",
            ExitCode.INVALID_INPUT,
            "snapshot: it does not fit the store (a ConfigMap holds 1 MiB); nothing was written"),
    GROUPS_WITHOUT_OFFSETS(
            "GroupsWithoutOffsets",
            ExitCode.INVALID_INPUT,
            "snapshot: a listed group has no committed offsets (or pass --allow-empty-groups)"),
    GROUPS_NOT_IN_SNAPSHOT(
            "GroupsNotInSnapshot", ExitCode.INVALID_INPUT, "rollback, verify: a listed group is not in the snapshot"),
    MALFORMED_SNAPSHOT(
            "MalformedSnapshot",
            ExitCode.INVALID_INPUT,
            "the stored snapshot is not korb's format; the message names the JSON path, line and column"),
    KAFKA_ERROR("KafkaError", ExitCode.FAILED, "a Kafka request failed or timed out; a retry may succeed"),
    STORAGE_ERROR("StorageError", ExitCode.FAILED, "the snapshot store could not be read or written"),
    SNAPSHOT_NOT_FOUND("SnapshotNotFound", ExitCode.FAILED, "the snapshot is not in the store"),
    SNAPSHOT_CORRUPTED("SnapshotCorrupted", ExitCode.FAILED, "the stored snapshot's content does not match its digest"),
    ROLLBACK_FAILED(
            "RollbackFailed",
            ExitCode.FAILED,
            "rollback: some groups' commits failed, went unanswered or were not sent; the message counts and names"
                    + " them, the undo snapshot and what to do"),
    OFFSET_DELETION_FAILED(
            "OffsetDeletionFailed",
            ExitCode.FAILED,
            "delete-offsets: some groups' deletions failed, went unanswered or were not sent; the message names them"
                    + " and the undo snapshot"),
    RESET_FAILED(
            "ResetFailed",
            ExitCode.FAILED,
            "reset: some groups' commits failed, went unanswered or were not sent; the message names them and the undo"
                    + " snapshot"),
    OUT_OF_MEMORY(
            "OutOfMemory", ExitCode.FAILED, "the heap ran out; list fewer groups per run or raise the memory limit"),
    UNEXPECTED_FAILURE(
            "UnexpectedFailure",
            ExitCode.FAILED,
            "a failure korb has no reason for; run with --verbose for the stack trace, and report it"),
    GROUPS_ACTIVE(
            "GroupsActive",
            ExitCode.GROUP_ACTIVE,
            "a listed group has active members (stop its consumers); or one joined during the rollback, reset or"
                    + " delete-offsets"),
    OFFSETS_MOVED_SINCE_PLAN(
            "OffsetsMovedSincePlan",
            ExitCode.GROUP_ACTIVE,
            "rollback, reset, delete-offsets: a listed group's committed offsets moved between the plan and the changes,"
                    + " so a consumer"
                    + " without membership (assign()) commits for it; stop it; nothing was changed"),
    ROLLBACK_REFUSED(
            "RollbackRefused",
            ExitCode.REFUSED_BY_POLICY,
            "the cluster drifted in a way the drift policies refuse; nothing was changed"),
    RESET_REFUSED(
            "ResetRefused",
            ExitCode.REFUSED_BY_POLICY,
            "reset: a target offset is out of the log's range and --on-out-of-range=fail, or another policy refuses;"
                    + " nothing was changed");

    private final String reasonName;
    private final ExitCode exitCode;
    private final boolean alsoOnSuccess;
    private final String meaning;

    Reason(String reasonName, ExitCode exitCode, String meaning) {
        this(reasonName, exitCode, false, meaning);
    }

    Reason(String reasonName, ExitCode exitCode, boolean alsoOnSuccess, String meaning) {
        this.reasonName = reasonName;
        this.exitCode = exitCode;
        this.alsoOnSuccess = alsoOnSuccess;
        this.meaning = meaning;
    }

    /** The stable CamelCase name written to the {@code reason} result and used as a condition reason. */
    public String reasonName() {
        return reasonName;
    }

    /** The exit code of a run that this reason ends; {@link ExitCode#SUCCESS} for the reasons of a success. */
    public ExitCode exitCode() {
        return exitCode;
    }

    /** Whether a successful run reports it too (differences without --strict), besides failing with it. */
    public boolean alsoOnSuccess() {
        return alsoOnSuccess;
    }

    public String meaning() {
        return meaning;
    }

    /** Whether a run that ends for this reason succeeded (exit 0). */
    public boolean success() {
        return exitCode == ExitCode.SUCCESS;
    }

    /** Whether only the controller gives this reason (the executor's help leaves it out). */
    public boolean controllerOnly() {
        return this == INVALID_SPEC;
    }

    /** The reason of that name, as written to the {@code reason} result. */
    public static Optional<Reason> named(String reasonName) {
        return Arrays.stream(values())
                .filter(reason -> reason.reasonName.equals(reasonName))
                .findFirst();
    }

    /** The reasons that end a run with this exit code, in table order. */
    public static List<Reason> endingWith(ExitCode code) {
        return Arrays.stream(values())
                .filter(reason -> reason.exitCode == code || (code == ExitCode.SUCCESS && reason.alsoOnSuccess))
                .toList();
    }
}
