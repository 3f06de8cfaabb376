package sh.oso.korb.cli;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.oso.korb.error.DifferencesFoundException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.Reason;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.operation.Decision;
import sh.oso.korb.operation.DriftPolicy;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.operation.RollbackOperation;
import sh.oso.korb.operation.RollbackOutcome;
import sh.oso.korb.operation.RollbackPlan;
import sh.oso.korb.operation.VerifyOperation;
import sh.oso.korb.operation.VerifyOutcome;
import sh.oso.korb.snapshot.ControlCharacters;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;

@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = {
            "Restore the committed offsets of the listed consumer groups from a snapshot.",
            "Decides for every partition what the snapshot's offset means on the cluster as it is now,"
                    + " refuses (changing nothing) when a group is active or a policy forbids it, saves the"
                    + " current offsets as an undo snapshot, then commits what differs (with --exact, also deletes"
                    + " the offsets the snapshot has none for)."
        })
final class RollbackCommand extends GroupsCommand {

    @Mixin
    PlanOptions planning;

    @Option(
            names = "--on-out-of-range",
            paramLabel = "POLICY",
            defaultValue = "clamp",
            description =
                    "A target below the log start or above the log end offset: clamp to it, or fail (default: ${DEFAULT-VALUE}).")
    DriftPolicy.OutOfRange onOutOfRange;

    @Option(
            names = "--on-topic-deleted",
            paramLabel = "POLICY",
            defaultValue = "skip",
            description = "A snapshot topic that no longer exists: skip it, or fail (default: ${DEFAULT-VALUE}).")
    DriftPolicy.TopicDeleted onTopicDeleted;

    @Option(
            names = "--on-topic-recreated",
            paramLabel = "POLICY",
            defaultValue = "fail",
            description = {
                "A topic recreated under the same name (its topic id differs): fail; timestamp (the"
                        + " first record after the recorded timestamp of the last consumed record); earliest; latest"
                        + " (default: ${DEFAULT-VALUE})."
            })
    DriftPolicy.TopicRecreated onTopicRecreated;

    @Option(
            names = "--allow-cluster-mismatch",
            description = "Roll back a snapshot taken on another cluster: partitions are translated by the recorded"
                    + " record timestamps, else the --on-* policies apply.")
    boolean allowClusterMismatch;

    @Option(
            names = "--on-metadata-too-large",
            paramLabel = "POLICY",
            defaultValue = "fail",
            description = {
                "A snapshot offset whose metadata is longer than the brokers accept (offset.metadata.max.bytes):"
                        + " fail (refuse the rollback, exit 5), or drop (commit the offset without its metadata)"
                        + " (default: ${DEFAULT-VALUE})."
            })
    DriftPolicy.MetadataTooLarge onMetadataTooLarge;

    @Option(
            names = "--exact",
            description = {
                "Leave the listed groups with exactly the snapshot's offsets: an offset committed on a partition the"
                        + " snapshot has none for is deleted (decision delete-offset), and --verify counts any left"
                        + " as a difference."
            })
    boolean exact;

    /** The first differences go to stderr; the verify command lists them all. */
    private static final int SHOWN_DIFFERENCES = 20;

    @Option(
            names = "--verify",
            description = {
                "After committing, read the offsets back and compare them with the snapshot, as verify"
                        + " --strict does (exit 3 on any difference). One step for a Tekton finally task, where tasks"
                        + " cannot run one after another."
            })
    boolean verify;

    @Override
    protected Outcome run(Results results) {
        Inputs inputs = inputs(results);
        SnapshotId id = inputs.id();
        DriftPolicy policy = new DriftPolicy(
                onOutOfRange, onTopicDeleted, onTopicRecreated, allowClusterMismatch, onMetadataTooLarge);
        try (SnapshotStore store = openStore(); // the store's settings are checked before any Kafka client exists
                KafkaAccess kafka = openKafka(inputs.kafka())) {
            inputs = chosen(inputs, store, kafka); // --all-groups, --group-pattern: the snapshot's groups they choose
            RollbackOperation rollback = new RollbackOperation(
                    kafka, new SnapshotRepository(store), services().clock());
            progress("Planning the rollback of " + plural(inputs.groups().size(), "group") + " to snapshot " + id
                    + " ...");
            RollbackPlan plan = rollback.plan(id, inputs.groups(), policy, exact);
            int changes = plan.changes().size();
            results.summary(plan.snapshot().summary())
                    // a real run has changed nothing until its commits are applied, whatever stops it before
                    .put(Results.CHANGED_PARTITIONS, planning.dryRun ? changes : 0)
                    // every declared result exists, even when no undo is saved or nothing is verified
                    .put(Results.UNDO_SNAPSHOT_ID, "")
                    .put(Results.PRE_ROLLBACK_SNAPSHOT_ID, "")
                    .put(Results.MATCHED, "")
                    .put(Results.DIFFERENCES, "")
                    .put(Results.DECISIONS, JsonOutput.compact(json -> {
                        json.writeStartObject();
                        for (var count : plan.decisionCounts().entrySet()) {
                            json.writeNumberField(count.getKey(), count.getValue());
                        }
                        json.writeEndObject();
                    }));
            if (planning.planOut != null) {
                PlanJson.writeFile(planning.planOut, plan, planning.dryRun, Optional.empty());
            }
            if (planning.dryRun) {
                print(plan, plan.partitions(), Optional.empty());
                RollbackOperation.refuseIfBlocked(plan);
                return finish(new Outcome(
                        Reason.ROLLBACK_PLANNED,
                        "Dry run: " + changes + " of "
                                + plural(plan.partitions().size(), "partition") + " in "
                                + plural(plan.groupCount(), "group")
                                + " would change; nothing was changed."));
            }
            // a retry names its first attempt's undo snapshot before anything else: the engine keeps the results
            // of the last attempt only, and a refusal now must not lose the way back from the first one's commits
            RollbackOperation.Attempt attempt = rollback.attempt(plan, runId());
            attempt.earlierUndo().ifPresent(undo -> {
                progress("Undo snapshot " + undo.id() + " was saved by an earlier attempt of this run (--run-id): it"
                        + " holds the offsets from before that attempt, so it is kept and no other is saved.");
                results.put(Results.UNDO_SNAPSHOT_ID, undo.id().value())
                        .put(
                                Results.PRE_ROLLBACK_SNAPSHOT_ID,
                                attempt.preRollbackSnapshot().orElseThrow().value());
            });
            RollbackOutcome outcome;
            try {
                RollbackOperation.refuseIfBlocked(plan);
                progress(
                        changes == 0
                                ? "Nothing to change."
                                : (attempt.earlierUndo().isPresent()
                                                ? "Changing "
                                                : "Saving the current offsets as an undo snapshot, then changing ")
                                        + plural(changes, "partition") + " in "
                                        + plural(plan.changedGroups().size(), "group")
                                        + (plan.deletions().isEmpty()
                                                ? ""
                                                : " (deleting "
                                                        + plural(
                                                                plan.deletions().values().stream()
                                                                        .mapToInt(Set::size)
                                                                        .sum(),
                                                                "offset")
                                                        + ")")
                                        + " ...");
                outcome = rollback.apply(
                        plan,
                        attempt,
                        (undo, preRollback) -> results.put(Results.UNDO_SNAPSHOT_ID, undo.value())
                                .put(Results.PRE_ROLLBACK_SNAPSHOT_ID, preRollback.value()));
            } catch (KorbException refused) {
                // whatever stops this attempt, its message keeps the earlier attempt's way back
                throw attempt.earlierUndo().isPresent()
                        ? refused.afterChange(RollbackReport.byEarlierAttempt(attempt, refused.getMessage()))
                        : refused;
            }
            outcome.preRollbackSnapshot()
                    .ifPresent(preRollback -> results.put(Results.PRE_ROLLBACK_SNAPSHOT_ID, preRollback.value()));
            results.put(Results.CHANGED_PARTITIONS, outcome.changedPartitions());
            outcome.warnings().forEach(warning -> progress("warning: " + warning));
            if (planning.planOut != null) {
                try {
                    PlanJson.writeFile(planning.planOut, plan, false, Optional.of(outcome));
                } catch (StorageException e) {
                    // what changed is told below whatever happens to this copy of it
                    progress("warning: " + e.getMessage());
                }
            }
            print(plan, reported(plan), Optional.of(outcome));
            RollbackReport report = new RollbackReport(plan, outcome);
            report.groupLines().forEach(this::progress);
            if (!outcome.complete()) {
                throw report.failure();
            }
            String message = report.completed();
            if (verify) {
                try {
                    message = message + " " + verifyAfterwards(kafka, plan, inputs.groups(), results);
                } catch (KorbException e) {
                    // the rollback happened: the failure says so first, with the undo snapshot
                    throw e.afterChange(message);
                }
            }
            return finish(new Outcome(Reason.ROLLBACK_COMPLETED, message));
        }
    }

    /** Compares with the snapshot the rollback planned with, already in memory: the store is not read again. */
    private String verifyAfterwards(KafkaAccess kafka, RollbackPlan plan, List<String> groups, Results results) {
        VerifyOutcome verification = VerifyOperation.against(kafka, plan.snapshot(), groups, plan.exact());
        Verification.record(results, verification);
        String message = Verification.message(verification, plan.snapshot().id());
        if (!verification.matched()) {
            verification.differences().stream()
                    .limit(SHOWN_DIFFERENCES)
                    .forEach(difference -> progress("differs: "
                            + difference.group() + " " + difference.topic() + "-" + difference.partition()
                            + " expected "
                            + difference.expected().map(String::valueOf).orElse("none") + ", is "
                            + difference.actual().map(String::valueOf).orElse("-")
                            + " (" + difference.kind() + ")"));
            throw new DifferencesFoundException("verifying found " + message + " (rollback --verify)");
        }
        return message;
    }

    /** After a real run: what changed, and every partition that was not simply restored. */
    private static List<PartitionDecision> reported(RollbackPlan plan) {
        return plan.partitions().stream()
                .filter(row -> row.changes() || row.decision() != Decision.COMMIT)
                .toList();
    }

    private Outcome finish(Outcome outcome) {
        if (!output.json()) {
            out().println(ControlCharacters.escape(outcome.message()));
        }
        out().flush();
        return outcome;
    }

    private void print(RollbackPlan plan, List<PartitionDecision> rows, Optional<RollbackOutcome> outcome) {
        if (output.json()) {
            JsonOutput.print(out(), json -> PlanJson.write(json, plan, planning.dryRun, rows, outcome));
            return;
        }
        // the rows that need attention are those not simply committed
        PlanTable.print(out(), rows, row -> row.decision() != Decision.COMMIT, row -> action(row, outcome));
    }

    /** After a real run, what became of a changed partition: its group's commit may have failed. */
    private static String action(PartitionDecision row, Optional<RollbackOutcome> outcome) {
        if (outcome.isEmpty() || !row.changes()) {
            return row.action();
        }
        GroupCommit end = outcome.get().commits().groups().get(row.group());
        boolean deletes = row.deletes();
        return switch (end.status()) {
            case COMMITTED -> deletes ? "deleted" : row.decision() == Decision.COMMIT ? "committed" : row.action();
            case ACTIVE_NOW, FAILED -> deletes ? "not deleted" : "not committed";
            case UNKNOWN -> "uncertain";
            case NOT_ATTEMPTED -> "not sent";
        };
    }
}
