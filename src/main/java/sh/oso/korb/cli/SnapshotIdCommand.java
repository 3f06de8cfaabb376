package sh.oso.korb.cli;

import picocli.CommandLine.Mixin;
import sh.oso.korb.snapshot.SnapshotId;

/** A command about one snapshot. */
abstract class SnapshotIdCommand extends KorbSubcommand {

    @Mixin
    SnapshotOptions snapshot;

    /** Validates --snapshot-id and records it as a result, so even a failure reports which snapshot it was. */
    SnapshotId snapshotId(Results results) {
        SnapshotId id = SnapshotId.of(snapshot.snapshotId);
        results.put(Results.SNAPSHOT_ID, id.value());
        return id;
    }
}
