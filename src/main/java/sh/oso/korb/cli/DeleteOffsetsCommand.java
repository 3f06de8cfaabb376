package sh.oso.korb.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.oso.korb.error.GroupsActiveException;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.OffsetDeletionFailedException;
import sh.oso.korb.error.Reason;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.operation.OffsetDeletion;
import sh.oso.korb.operation.OffsetDeletionOutcome;
import sh.oso.korb.operation.OffsetDeletionPlan;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.snapshot.ControlCharacters;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;

@Command(
        name = "delete-offsets",
        mixinStandardHelpOptions = true,
        description = {
            "Delete the listed consumer groups' committed offsets of the listed topics.",
            "Refuses (changing nothing) when a group is active or a topic does not exist, saves the groups' current"
                    + " offsets as an undo snapshot (korb rollback to it restores them), then deletes."
        })
final class DeleteOffsetsCommand extends KorbSubcommand {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SnapshotOptions.Groups groups;

    @Option(
            names = "--topics",
            paramLabel = "TOPIC",
            split = ",",
            arity = "1..*",
            description = {
                "Topics whose offsets are deleted, on every partition the group has one for: comma-separated,"
                        + " space-separated or repeated (env KORB_TOPICS)."
            })
    List<String> topics;

    @Option(
            names = "--snapshot-id",
            paramLabel = "ID",
            description = {
                "Id of the undo snapshot; it must not exist (default: delete-offsets-<group>-<UTC time>, or"
                        + " delete-offsets-<n>-groups-<UTC time> for several groups; with --run-id,"
                        + " delete-offsets-<group>-r<run digest>, which a retry of the run keeps) (env KORB_SNAPSHOT_ID)."
            })
    String snapshotId;

    @Mixin
    PlanOptions planning;

    @Override
    protected Outcome run(Results results) {
        List<String> groupIds = consumerGroups(groups.values);
        List<String> topicNames = topics(topics);
        Optional<SnapshotId> undoId = Optional.ofNullable(snapshotId).map(SnapshotId::of);
        KafkaConfig config = kafka.toConfig(services().environment());
        // every declared result exists, even when nothing is deleted
        results.put(Results.UNDO_SNAPSHOT_ID, "").put(Results.CHANGED_PARTITIONS, 0);
        try (SnapshotStore store = openStore(); // the store's settings are checked before any Kafka client exists
                KafkaAccess access = openKafka(config)) {
            OffsetDeletion deletion = new OffsetDeletion(
                    access, new SnapshotRepository(store), services().clock());
            progress("Planning the deletion of the offsets of " + plural(topicNames.size(), "topic") + " in "
                    + plural(groupIds.size(), "group") + " ...");
            OffsetDeletionPlan plan = deletion.plan(groupIds, topicNames, undoId, runId());
            int planned = plan.partitions().size();
            results.put(Results.CHANGED_PARTITIONS, planning.dryRun ? planned : 0)
                    .put(Results.DECISIONS, JsonOutput.compact(json -> {
                        json.writeStartObject();
                        for (Map.Entry<String, Integer> count :
                                plan.decisionCounts().entrySet()) {
                            json.writeNumberField(count.getKey(), count.getValue());
                        }
                        json.writeEndObject();
                    }));
            if (planning.planOut != null) {
                OffsetDeletionJson.writeFile(planning.planOut, plan, planning.dryRun, Optional.empty());
            }
            if (planning.dryRun) {
                print(plan, Optional.empty());
                OffsetDeletion.refuseIfActive(plan);
                return finish(new Outcome(
                        Reason.OFFSET_DELETION_PLANNED,
                        "Dry run: " + plural(planned, "offset") + " in "
                                + plural(plan.deletions().size(), "group") + " would be deleted"
                                + nothingIn(plan) + "; nothing was changed."));
            }
            if (planned > 0) {
                progress("Saving the current offsets as an undo snapshot, then deleting " + plural(planned, "offset")
                        + " in " + plural(plan.deletions().size(), "group") + " ...");
            }
            OffsetDeletionOutcome outcome =
                    deletion.apply(plan, undo -> results.put(Results.UNDO_SNAPSHOT_ID, undo.value()));
            results.put(Results.CHANGED_PARTITIONS, outcome.deletedPartitions());
            if (planning.planOut != null) {
                try {
                    OffsetDeletionJson.writeFile(planning.planOut, plan, false, Optional.of(outcome));
                } catch (StorageException e) {
                    // what changed is told below whatever happens to this copy of it
                    progress("warning: " + e.getMessage());
                }
            }
            print(plan, Optional.of(outcome));
            String undo = outcome.undoSnapshot()
                    .map(id -> "; undo: korb rollback --snapshot-id " + id + " --consumer-groups "
                            + String.join(",", groupIds))
                    .orElse("");
            if (!outcome.complete()) {
                String message = outcome.deletedPartitions() + " of " + plural(planned, "offset") + " deleted; "
                        + notDeleted(outcome) + undo;
                throw outcome.onlyJoined()
                        ? new GroupsActiveException(message)
                        : new OffsetDeletionFailedException(message);
            }
            String message = planned == 0
                    ? "Nothing to delete: no listed group has an offset on the listed topics; nothing was changed."
                    : plural(planned, "offset") + " deleted in "
                            + plural(plan.deletions().size(), "group") + nothingIn(plan) + undo + ".";
            return finish(new Outcome(Reason.OFFSETS_DELETED, message));
        }
    }

    /** Trims, drops duplicates (keeping order) and refuses an empty list, an empty name or the partition form. */
    static List<String> topics(List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException("--topics is required (or KORB_TOPICS): a comma-separated list of topics");
        }
        LinkedHashSet<String> topics = new LinkedHashSet<>();
        for (String value : values) {
            String topic = value.trim();
            if (topic.isEmpty()) {
                throw new InvalidInputException("--topics contains an empty topic name: remove the extra comma");
            }
            if (topic.contains(":")) {
                // a topic name cannot hold ':'; Kafka's topic:0,1,2 form is not supported (yet)
                throw new InvalidInputException("--topics names '" + topic + "': a topic name cannot contain ':';"
                        + " delete-offsets deletes a topic's offsets on all its partitions, list the topic alone");
            }
            topics.add(topic);
        }
        return new ArrayList<>(topics);
    }

    private static String nothingIn(OffsetDeletionPlan plan) {
        List<String> none = plan.groupsWithNothingToDelete();
        return none.isEmpty() ? "" : " (nothing to delete in " + String.join(", ", none) + ")";
    }

    private static String notDeleted(OffsetDeletionOutcome outcome) {
        List<String> parts = new ArrayList<>();
        outcome.deletions().groups().forEach((group, end) -> {
            if (!end.isCommitted()) {
                parts.add(group + " " + describe(end));
            }
        });
        return "not deleted in " + String.join("; ", parts);
    }

    private static String describe(GroupCommit end) {
        return switch (end.status()) {
            case ACTIVE_NOW -> "(consumers joined the group: stop them and run again)";
            case UNKNOWN -> "(uncertain: " + end.cause() + ")";
            case NOT_ATTEMPTED -> "(not sent: " + end.cause() + ")";
            default -> "(" + end.cause() + ")";
        };
    }

    private Outcome finish(Outcome outcome) {
        if (!output.json()) {
            out().println(ControlCharacters.escape(outcome.message()));
        }
        out().flush();
        return outcome;
    }

    private void print(OffsetDeletionPlan plan, Optional<OffsetDeletionOutcome> outcome) {
        if (output.json()) {
            JsonOutput.print(out(), json -> OffsetDeletionJson.write(json, plan, planning.dryRun, outcome));
            return;
        }
        if (plan.partitions().isEmpty()) {
            return;
        }
        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "CURRENT", "DECISION", "REASON");
        List<PartitionDecision> rows = plan.partitions();
        rows.stream()
                .limit(PlanTable.ROW_LIMIT)
                .forEach(row -> table.row(
                        row.group(),
                        row.partition().topic(),
                        row.partition().partition(),
                        row.currentOffset().map(String::valueOf).orElse("-"),
                        action(row, outcome),
                        row.reason()));
        table.print(out());
        if (rows.size() > PlanTable.ROW_LIMIT) {
            out().println("... and " + (rows.size() - PlanTable.ROW_LIMIT)
                    + " more partitions: --output json or --plan-out FILE lists them all");
        }
    }

    /** After a real run, what became of the offset: its group's request may have failed. */
    private static String action(PartitionDecision row, Optional<OffsetDeletionOutcome> outcome) {
        if (outcome.isEmpty()) {
            return row.action();
        }
        GroupCommit end = outcome.get().deletions().groups().get(row.group());
        return switch (end.status()) {
            case COMMITTED -> "deleted";
            case ACTIVE_NOW, FAILED -> "not deleted";
            case UNKNOWN -> "uncertain";
            case NOT_ATTEMPTED -> "not sent";
        };
    }
}
