package sh.oso.korb.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.operation.GroupSelector;
import sh.oso.korb.snapshot.GroupSelection;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;

/** A command about some consumer groups of a snapshot, on a Kafka cluster: snapshot, rollback, verify. */
abstract class GroupsCommand extends SnapshotIdCommand {

    /** The groups left alone that stderr names; the message names fewer, as its 600 bytes allow. */
    static final int SHOWN_LEFT_ALONE = 20;

    private static final int NAMED_IN_MESSAGE = 3;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SnapshotOptions.Groups groups;

    @Mixin
    SnapshotOptions.Selection selection;

    /** The cluster's groups a selection chose that the snapshot does not hold: told at the end of the message. */
    private List<String> leftAlone = List.of();

    /**
     * Everything the command needs, validated before it opens the store or connects to Kafka.
     *
     * @param groups    the groups to work on: the listed ones, or once {@link #chosen chosen} those the selection chose
     * @param selection how to choose them when they are not listed (--all-groups, --group-pattern)
     */
    record Inputs(SnapshotId id, List<String> groups, KafkaConfig kafka, Optional<GroupSelection> selection) {}

    Inputs inputs(Results results) {
        SnapshotId id = snapshotId(results);
        Optional<GroupSelection> chosenBy = selection.selection(groups.values);
        return new Inputs(
                id,
                chosenBy.isPresent() ? List.of() : consumerGroups(groups.values),
                kafka.toConfig(services().environment()),
                chosenBy);
    }

    /**
     * rollback, verify: the inputs with the snapshot's groups the selection chooses (listed groups stay as listed),
     * naming on stderr the cluster's groups it chooses that the snapshot does not hold, which are left alone.
     */
    Inputs chosen(Inputs inputs, SnapshotStore store, KafkaAccess kafka) {
        if (inputs.selection().isEmpty()) {
            return inputs;
        }
        GroupSelection chosenBy = inputs.selection().get();
        List<String> chosen = GroupSelector.inSnapshot(new SnapshotRepository(store), inputs.id(), chosenBy);
        progress(chosen.size() + " of snapshot " + inputs.id() + "'s groups chosen by " + chosenBy + ".");
        leftAlone = GroupSelector.leftAlone(kafka.groups(), chosenBy, chosen);
        if (!leftAlone.isEmpty()) {
            progress("Left alone: " + leftAloneNote(SHOWN_LEFT_ALONE, inputs.id()));
        }
        return new Inputs(inputs.id(), chosen, inputs.kafka(), inputs.selection());
    }

    /** The message ends naming the groups left alone: as many as fit, at least their count, or nothing. */
    @Override
    Outcome completed(Outcome outcome) {
        if (leftAlone.isEmpty()) {
            return outcome;
        }
        SnapshotId id = SnapshotId.of(snapshot.snapshotId);
        for (int named = NAMED_IN_MESSAGE; named >= 0; named--) {
            String message = outcome.message() + " Left alone: " + leftAloneNote(named, id);
            if (Results.fits(message)) {
                return new Outcome(outcome.reason(), message);
            }
        }
        return outcome;
    }

    private String leftAloneNote(int named, SnapshotId id) {
        List<String> shown = leftAlone.stream().limit(named).toList();
        return plural(leftAlone.size(), "consumer group") + " on the cluster that snapshot " + id + " does not hold"
                + (shown.isEmpty()
                        ? ""
                        : " (" + String.join(", ", shown)
                                + (leftAlone.size() > shown.size()
                                        ? " and " + (leftAlone.size() - shown.size()) + " more"
                                        : "")
                                + ")")
                + ".";
    }
}
