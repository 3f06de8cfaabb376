package sh.oso.korb.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.oso.korb.error.DifferencesFoundException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.Reason;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.operation.Decision;
import sh.oso.korb.operation.DriftPolicy;
import sh.oso.korb.operation.GroupBatches;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.operation.RollbackOperation;
import sh.oso.korb.operation.RollbackOutcome;
import sh.oso.korb.operation.RollbackSurvey;
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

    @Mixin
    BatchOptions batching;

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
        Inputs given = inputs(results);
        SnapshotId id = given.id();
        GroupBatches batches = batching.batches();
        DriftPolicy policy = new DriftPolicy(
                onOutOfRange, onTopicDeleted, onTopicRecreated, allowClusterMismatch, onMetadataTooLarge);
        try (SnapshotStore store = openStore(); // the store's settings are checked before any Kafka client exists
                KafkaAccess kafka = openKafka(given.kafka())) {
            // --all-groups, --group-pattern: the snapshot's groups they choose
            Inputs inputs = chosen(given, store, kafka);
            SnapshotRepository snapshots = new SnapshotRepository(store);
            RollbackOperation rollback =
                    new RollbackOperation(kafka, snapshots, services().clock(), batches);
            progress("Planning the rollback of " + plural(inputs.groups().size(), "group") + " to snapshot " + id
                    + " ...");
            StreamedPlan report = new StreamedPlan(
                    planning, output.json(), out(), warning -> progress("warning: " + warning), new Shape(id, exact));
            RollbackSurvey survey = report.plan(
                    listener -> rollback.plan(id, inputs.groups(), policy, exact, listener),
                    planned -> PlanJson.rollbackTotals(planned, Optional.empty()));
            int changes = survey.changes();
            results.summary(survey.summary())
                    // a real run has changed nothing until its commits are applied, whatever stops it before
                    .put(Results.CHANGED_PARTITIONS, planning.dryRun ? changes : 0)
                    // every declared result exists, even when no undo is saved or nothing is verified
                    .put(Results.UNDO_SNAPSHOT_ID, "")
                    .put(Results.PRE_ROLLBACK_SNAPSHOT_ID, "")
                    .put(Results.MATCHED, "")
                    .put(Results.DIFFERENCES, "")
                    .put(Results.DECISIONS, JsonOutput.compact(json -> {
                        json.writeStartObject();
                        for (var count : survey.decisionCounts().entrySet()) {
                            json.writeNumberField(count.getKey(), count.getValue());
                        }
                        json.writeEndObject();
                    }));
            if (planning.dryRun) {
                report.printPlanned();
                RollbackOperation.refuseIfBlocked(survey);
                return finish(new Outcome(
                        Reason.ROLLBACK_PLANNED,
                        "Dry run: " + changes + " of "
                                + plural(survey.partitions(), "partition") + " in "
                                + plural(survey.groups().size(), "group")
                                + " would change; nothing was changed."));
            }
            // a retry names its first attempt's undo snapshot before anything else: the engine keeps the results
            // of the last attempt only, and a refusal now must not lose the way back from the first one's commits
            RollbackOperation.Attempt attempt = rollback.attempt(survey, runId());
            attempt.earlierUndo().ifPresent(undo -> {
                progress("Undo snapshot " + undo.id() + " was saved by an earlier attempt of this run (--run-id): it"
                        + " holds the offsets from before that attempt, so it is kept and no other is saved.");
                results.put(Results.UNDO_SNAPSHOT_ID, undo.id().value())
                        .put(
                                Results.PRE_ROLLBACK_SNAPSHOT_ID,
                                attempt.preRollbackSnapshot().orElseThrow().value());
            });
            RollbackOutcome outcome;
            BatchVerification verified = new BatchVerification(verify);
            RollbackOperation.CommitListener committed = (batch, commits) -> {
                // each batch is compared once committed, with its snapshot still in memory: no store read again
                verified.compare(() -> VerifyOperation.against(
                        kafka,
                        batch.snapshot(),
                        List.copyOf(batch.snapshot().groups().keySet()),
                        exact));
                report.committed(batch, Optional.ofNullable(commits));
            };
            try {
                RollbackOperation.refuseIfBlocked(survey);
                progress(
                        changes == 0
                                ? "Nothing to change."
                                : (attempt.earlierUndo().isPresent()
                                                ? "Changing "
                                                : "Saving the current offsets as an undo snapshot, then changing ")
                                        + plural(changes, "partition") + " in "
                                        + plural(survey.changedGroups().size(), "group")
                                        + (survey.deletions() == 0
                                                ? ""
                                                : " (deleting " + plural(survey.deletions(), "offset") + ")")
                                        + (survey.groups().size() > 0 && batches.offsets() < survey.snapshotOffsets()
                                                ? ", in batches of about " + batches.offsets() + " offsets"
                                                : "")
                                        + " ...");
                outcome = rollback.apply(
                        survey,
                        policy,
                        attempt,
                        (undo, preRollback) -> results.put(Results.UNDO_SNAPSHOT_ID, undo.value())
                                .put(Results.PRE_ROLLBACK_SNAPSHOT_ID, preRollback.value()),
                        committed);
            } catch (KorbException refused) {
                report.abandon();
                // whatever stops this attempt, its message keeps the earlier attempt's way back
                throw attempt.earlierUndo().isPresent()
                        ? refused.afterChange(RollbackReport.byEarlierAttempt(attempt, refused.getMessage()))
                        : refused;
            }
            if (!report.sawBatches()) {
                // nothing was committed, so no batch was reported: what the plan decided is shown as it is now
                rollback.plan(id, inputs.groups(), policy, exact, batch -> committed.committed(batch, null));
            }
            report.finish(PlanJson.rollbackTotals(survey, Optional.of(outcome)));
            outcome.preRollbackSnapshot()
                    .ifPresent(preRollback -> results.put(Results.PRE_ROLLBACK_SNAPSHOT_ID, preRollback.value()));
            results.put(Results.CHANGED_PARTITIONS, outcome.changedPartitions());
            outcome.warnings().forEach(warning -> progress("warning: " + warning));
            RollbackReport summary = new RollbackReport(survey, outcome);
            summary.groupLines().forEach(this::progress);
            if (!outcome.complete()) {
                throw summary.failure();
            }
            String message = summary.completed();
            if (verify) {
                try {
                    message = message + " " + verifyAfterwards(verified.outcome(survey.summary()), id, results);
                } catch (KorbException e) {
                    // the rollback happened: the failure says so first, with the undo snapshot
                    throw e.afterChange(message);
                }
            }
            return finish(new Outcome(Reason.ROLLBACK_COMPLETED, message));
        }
    }

    /** What a rollback's reports look like. */
    private record Shape(SnapshotId id, boolean exact) implements StreamedPlan.Shape {
        @Override
        public PlanDocument.Fields header(boolean dryRun) {
            return PlanJson.rollbackHeader(id, dryRun, exact);
        }

        @Override
        public PlanDocument.RowWriter rowWriter() {
            return PlanJson::writeRow;
        }

        @Override
        public boolean needsAttention(PartitionDecision row) {
            return row.decision() != Decision.COMMIT; // the rows not simply committed
        }

        @Override
        public boolean reported(PartitionDecision row) {
            return row.changes() || row.decision() != Decision.COMMIT;
        }

        @Override
        public String action(PartitionDecision row, Optional<CommitOutcome> commits) {
            return RollbackCommand.action(row, commits);
        }
    }

    /** Reports the comparison of every batch with the snapshot after its commits; fails (exit 3) on a difference. */
    private String verifyAfterwards(VerifyOutcome verification, SnapshotId id, Results results) {
        Verification.record(results, verification);
        String message = Verification.message(verification, id);
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

    private Outcome finish(Outcome outcome) {
        if (!output.json()) {
            out().println(ControlCharacters.escape(outcome.message()));
        }
        out().flush();
        return outcome;
    }

    /** After a real run, what became of a changed partition: its group's commit may have failed. */
    private static String action(PartitionDecision row, Optional<CommitOutcome> outcome) {
        if (outcome.isEmpty() || !row.changes()) {
            return row.action();
        }
        GroupCommit end = outcome.get().groups().get(row.group());
        if (end == null) {
            return row.action();
        }
        boolean deletes = row.deletes();
        return switch (end.status()) {
            case COMMITTED -> deletes ? "deleted" : row.decision() == Decision.COMMIT ? "committed" : row.action();
            case ACTIVE_NOW, FAILED -> deletes ? "not deleted" : "not committed";
            case UNKNOWN -> "uncertain";
            case NOT_ATTEMPTED -> "not sent";
        };
    }
}
