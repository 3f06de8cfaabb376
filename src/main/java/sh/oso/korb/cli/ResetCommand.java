package sh.oso.korb.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.oso.korb.error.DifferencesFoundException;
import sh.oso.korb.error.GroupsActiveException;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.Reason;
import sh.oso.korb.error.ResetFailedException;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.operation.DriftPolicy;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.operation.ResetOperation;
import sh.oso.korb.operation.ResetScope;
import sh.oso.korb.operation.ResetStrategy;
import sh.oso.korb.operation.RollbackOperation;
import sh.oso.korb.operation.RollbackOutcome;
import sh.oso.korb.operation.RollbackSurvey;
import sh.oso.korb.operation.VerifyOperation;
import sh.oso.korb.operation.VerifyOutcome;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;
import sh.oso.korb.storage.StorageType;

@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        description = {
            "Move the listed consumer groups' committed offsets to one target: earliest, latest, a time, an offset, a"
                    + " shift, a file, or another group's offsets.",
            "Plans every partition first, refuses (changing nothing) when a group is active or a policy forbids it,"
                    + " saves the current offsets as an undo snapshot (korb rollback --exact to it restores them),"
                    + " then commits what differs."
        })
final class ResetCommand extends KorbSubcommand {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SnapshotOptions.Groups groups;

    @Mixin
    ResetTargetOptions target;

    @Option(
            names = "--topics",
            paramLabel = "TOPIC",
            arity = "1..*",
            description = {
                "Only these topics: orders,payments (every partition), or orders:0,1,2 (those partitions); repeated or"
                        + " space-separated too (env KORB_TOPICS). Default: every partition the group has an offset"
                        + " for; a group without offsets needs --topics."
            })
    List<String> topics;

    @Option(
            names = "--snapshot-id",
            paramLabel = "ID",
            description = {
                "Id of the undo snapshot; it must not exist (default: reset-<group>-<UTC time>, or"
                        + " reset-<n>-groups-<UTC time>; with --run-id, reset-<group>-r<run digest>) (env"
                        + " KORB_SNAPSHOT_ID)."
            })
    String snapshotId;

    @Option(
            names = "--no-undo",
            description = "Reset without saving an undo snapshot (and without a store): there is no way back.")
    boolean noUndo;

    @Mixin
    PlanOptions planning;

    @Mixin
    BatchOptions batching;

    @Option(
            names = "--on-out-of-range",
            paramLabel = "POLICY",
            defaultValue = "clamp",
            description = {
                "A target below the log start or above the log end offset: clamp to it (decisions clamp-to-log-start,"
                        + " clamp-to-log-end), or fail (exit 5, nothing changed) (default: ${DEFAULT-VALUE})."
            })
    DriftPolicy.OutOfRange onOutOfRange;

    @Option(
            names = "--on-topic-deleted",
            paramLabel = "POLICY",
            defaultValue = "skip",
            description = "A topic in the file or the source group that does not exist: skip it, or fail (default:"
                    + " ${DEFAULT-VALUE}).")
    DriftPolicy.TopicDeleted onTopicDeleted;

    @Option(
            names = "--verify",
            description = "After committing, read the offsets back and compare them with the targets (exit 3 on any"
                    + " difference).")
    boolean verify;

    @Override
    protected Outcome run(Results results) {
        List<String> groupIds = consumerGroups(groups.values);
        ResetScope scope = ResetTopics.scope(topics);
        ResetStrategy strategy = target.strategy(groupIds, services().clock());
        Optional<SnapshotId> undoId =
                Optional.ofNullable(snapshotId).filter(id -> !id.isBlank()).map(id -> SnapshotId.of(id.trim()));
        if (noUndo && undoId.isPresent()) {
            throw new InvalidInputException(
                    "--snapshot-id names the undo snapshot, but --no-undo saves none: drop one" + " of them");
        }
        if (!noUndo && !storeGiven()) {
            throw new InvalidInputException("korb reset saves the current offsets as an undo snapshot first, but no"
                    + " store is given: pass --storage-type and its options (e.g. --storage-type pvc --pvc-path DIR),"
                    + " or --no-undo to reset without a way back");
        }
        KafkaConfig config = kafka.toConfig(services().environment());
        DriftPolicy policy = new DriftPolicy(
                onOutOfRange,
                onTopicDeleted,
                DriftPolicy.DEFAULT.onTopicRecreated(),
                false,
                DriftPolicy.DEFAULT.onMetadataTooLarge());
        // every declared result exists, even when nothing is reset
        results.put(Results.UNDO_SNAPSHOT_ID, "")
                .put(Results.CHANGED_PARTITIONS, 0)
                .put(Results.GROUPS_RESET, 0)
                .put(Results.MATCHED, "")
                .put(Results.DIFFERENCES, "");
        try (SnapshotStore store = noUndo ? null : openStore(); // the store is checked before Kafka is contacted
                KafkaAccess access = openKafka(config)) {
            ResetOperation reset = new ResetOperation(
                    access,
                    Optional.ofNullable(store).map(SnapshotRepository::new),
                    services().clock(),
                    batching.batches());
            ResetOperation.Request request = new ResetOperation.Request(groupIds, scope, strategy, policy);
            progress(
                    "Planning the reset of " + plural(groupIds.size(), "group") + " (" + strategy.describe() + ") ...");
            StreamedPlan streamed = new StreamedPlan(
                    planning, output.json(), out(), warning -> progress("warning: " + warning), new Shape(strategy));
            RollbackSurvey plan = streamed.plan(
                    listener -> reset.plan(request, listener),
                    planned -> new ResetReport(strategy, planned, groupIds).totals(planning.dryRun, Optional.empty()));
            ResetReport report = new ResetReport(strategy, plan, groupIds);
            int changes = plan.changes();
            results.put(Results.CHANGED_PARTITIONS, planning.dryRun ? changes : 0)
                    .put(Results.DECISIONS, report.decisionsResult())
                    .put(Results.GROUP_RESULTS, report.groupResults(Optional.empty(), planning.dryRun));
            if (planning.dryRun) {
                streamed.printPlanned();
                ResetOperation.refuseIfBlocked(plan);
                return finish(new Outcome(
                        Reason.RESET_PLANNED,
                        "Dry run: " + changes + " of "
                                + plural(plan.partitions(), "partition") + " in "
                                + plural(groupIds.size(), "group") + " would change (" + strategy.describe()
                                + "); nothing was changed."));
            }
            ResetOperation.Attempt attempt = reset.attempt(plan, undoId, runId());
            attempt.earlierUndo()
                    .ifPresent(undo -> progress("Undo snapshot " + undo.id() + " was saved by an"
                            + " earlier attempt of this run (--run-id): it holds the offsets from before that attempt, so it is"
                            + " kept and no other is saved."));
            BatchVerification verified = new BatchVerification(verify);
            RollbackOperation.CommitListener committed = (batch, commits) -> {
                // each batch is compared once committed, with its resolved targets still in memory
                verified.compare(() -> VerifyOperation.against(
                        access,
                        ResetOperation.committedTargets(batch),
                        List.copyOf(batch.current().keySet()),
                        false));
                streamed.committed(batch, Optional.ofNullable(commits));
            };
            RollbackOutcome outcome;
            try {
                ResetOperation.refuseIfBlocked(plan);
                if (changes > 0) {
                    progress((noUndo || attempt.earlierUndo().isPresent()
                                    ? "Committing "
                                    : "Saving the current offsets as an undo snapshot, then committing ")
                            + plural(changes, "partition") + " in "
                            + plural(plan.changedGroups().size(), "group")
                            + " ...");
                }
                outcome = reset.apply(
                        plan, request, attempt, undo -> results.put(Results.UNDO_SNAPSHOT_ID, undo.value()), committed);
            } catch (KorbException refused) {
                streamed.abandon();
                throw refused;
            }
            if (!streamed.sawBatches()) {
                // nothing was committed, so no batch was reported: what the plan decided is shown as it is now
                reset.plan(request, batch -> committed.committed(batch, null));
            }
            streamed.finish(report.totals(false, Optional.of(outcome)));
            results.put(Results.CHANGED_PARTITIONS, outcome.changedPartitions())
                    .put(
                            Results.GROUPS_RESET,
                            outcome.commits().with(GroupCommit.Status.COMMITTED).size())
                    .put(Results.GROUP_RESULTS, report.groupResults(Optional.of(outcome), false));
            String undo = outcome.undoSnapshot()
                    .map(id -> "; undo: korb rollback --exact --snapshot-id " + id + " --consumer-groups "
                            + String.join(",", groupIds))
                    .orElse(noUndo && changes > 0 ? " (no undo snapshot: --no-undo)" : "");
            if (!outcome.complete()) {
                String message = outcome.changedPartitions() + " of " + plural(changes, "partition") + " reset; "
                        + notReset(outcome) + undo;
                throw onlyJoined(outcome) ? new GroupsActiveException(message) : new ResetFailedException(message);
            }
            String message = changes == 0
                    ? "Nothing to reset: every partition is already at its target (" + strategy.describe()
                            + "); nothing was changed."
                    : "Reset " + plural(changes, "partition") + " in "
                            + plural(plan.changedGroups().size(), "group") + " (" + strategy.describe() + ")" + undo
                            + ".";
            if (verify) {
                try {
                    message = message + " " + verifyAfterwards(verified.outcome(plan.summary()), results);
                } catch (KorbException e) {
                    throw e.afterChange(message); // the reset happened: the failure says so first
                }
            }
            return finish(new Outcome(Reason.RESET_COMPLETED, message));
        }
    }

    /** Whether a store is configured: the default pvc store needs its directory. */
    private boolean storeGiven() {
        return StorageType.parse(storage.storageType) != StorageType.PVC || storage.pvcPath != null;
    }

    /** Reports the comparison of every batch with its targets after its commits; fails (exit 3) on a difference. */
    private String verifyAfterwards(VerifyOutcome verification, Results results) {
        Verification.record(results, verification);
        if (!verification.matched()) {
            verification.differences().stream()
                    .limit(20)
                    .forEach(difference -> progress("differs: " + difference.group() + " " + difference.topic() + "-"
                            + difference.partition() + " expected "
                            + difference.expected().map(String::valueOf).orElse("none") + ", is "
                            + difference.actual().map(String::valueOf).orElse("-") + " (" + difference.kind() + ")"));
            throw new DifferencesFoundException("verifying found "
                    + plural(verification.differenceCount(), "difference") + " from the reset's targets in "
                    + plural(verification.partitionsChecked(), "partition") + " checked (reset --verify)");
        }
        return "Verified: all " + plural(verification.partitionsChecked(), "partition") + " are at their targets.";
    }

    private static boolean onlyJoined(RollbackOutcome outcome) {
        return outcome.commits().groups().values().stream()
                .allMatch(group -> group.isCommitted() || group.status() == GroupCommit.Status.ACTIVE_NOW);
    }

    private static String notReset(RollbackOutcome outcome) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, GroupCommit> group : outcome.commits().groups().entrySet()) {
            if (!group.getValue().isCommitted()) {
                parts.add(group.getKey() + " (" + ResetReport.status(group.getValue()) + ": "
                        + group.getValue().cause() + ")");
            }
        }
        return "not reset in " + String.join("; ", parts);
    }

    private Outcome finish(Outcome outcome) {
        if (!output.json()) {
            out().println(sh.oso.korb.snapshot.ControlCharacters.escape(outcome.message()));
        }
        out().flush();
        return outcome;
    }

    /** What a reset's reports look like. */
    private record Shape(ResetStrategy strategy) implements StreamedPlan.Shape {
        @Override
        public PlanDocument.Fields header(boolean dryRun) {
            return json -> {
                json.writeStringField("strategy", strategy.describe());
                json.writeBooleanField("dryRun", dryRun);
            };
        }

        @Override
        public PlanDocument.RowWriter rowWriter() {
            return ResetReport::writeRow;
        }

        @Override
        public boolean needsAttention(PartitionDecision row) {
            return ResetReport.needsAttention(row);
        }

        @Override
        public boolean reported(PartitionDecision row) {
            return true; // a reset's table and JSON list every partition, as its dry run does
        }

        @Override
        public String action(PartitionDecision row, Optional<CommitOutcome> commits) {
            return ResetReport.action(row, commits);
        }
    }
}
