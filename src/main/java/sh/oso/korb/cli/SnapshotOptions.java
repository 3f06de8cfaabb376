package sh.oso.korb.cli;

import java.util.List;
import picocli.CommandLine.Option;
import sh.oso.korb.snapshot.SnapshotId;

/** The snapshot and groups a command works on. */
final class SnapshotOptions {

    @Option(
            names = "--snapshot-id",
            paramLabel = "ID",
            description = "Snapshot id: letters, digits, '.', '-', '_'; at most " + SnapshotId.MAX_LENGTH
                    + " characters (env KORB_SNAPSHOT_ID).")
    String snapshotId;

    static final class Groups {
        @Option(
                names = "--consumer-groups",
                paramLabel = "GROUP",
                split = ",",
                arity = "1..*",
                description = {
                    "Consumer group ids: comma-separated, space-separated (as a Tekton array param"
                            + " expands) or repeated (env KORB_CONSUMER_GROUPS)."
                })
        List<String> values;
    }
}
