package sh.oso.korb.cli;

import java.util.List;
import picocli.CommandLine.Mixin;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.snapshot.SnapshotId;

/** A command about some consumer groups of a snapshot, on a Kafka cluster: snapshot, rollback, verify. */
abstract class GroupsCommand extends SnapshotIdCommand {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SnapshotOptions.Groups groups;

    /** Everything the command needs, validated before it opens the store or connects to Kafka. */
    record Inputs(SnapshotId id, List<String> groups, KafkaConfig kafka) {}

    Inputs inputs(Results results) {
        SnapshotId id = snapshotId(results);
        return new Inputs(
                id, consumerGroups(groups.values), kafka.toConfig(services().environment()));
    }
}
