package sh.oso.korb.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.snapshot.GroupSelection;
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
        // 0..*: a Tekton Task passes --consumer-groups $(params.consumer-groups[*]), bare when the array is empty
        @Option(
                names = "--consumer-groups",
                paramLabel = "GROUP",
                split = ",",
                arity = "0..*",
                description = {
                    "Consumer group ids: comma-separated, space-separated (as a Tekton array param"
                            + " expands) or repeated (env KORB_CONSUMER_GROUPS). Given bare (an empty array param),"
                            + " it lists none."
                })
        List<String> values;
    }

    /** The ways snapshot, rollback and verify choose groups other than by name. */
    static final class Selection {

        static final String ONE_OF = "give exactly one of --consumer-groups, --all-groups, --group-pattern";

        @Option(
                names = "--all-groups",
                description = {
                    "Every consumer group instead of --consumer-groups: snapshot takes those on the cluster (consumer"
                            + " and classic groups, as kafka-consumer-groups.sh --all-groups lists them; none is an"
                            + " empty snapshot, with a warning); rollback and verify take those in the snapshot and name"
                            + " the cluster's groups it does not hold, which are left alone (env KORB_ALL_GROUPS)."
                })
        boolean allGroups;

        @Option(
                names = "--group-pattern",
                paramLabel = "REGEX",
                description = {
                    "The consumer groups whose whole id matches this Java regular expression, chosen as --all-groups"
                            + " chooses; a pattern that matches none is refused (env KORB_GROUP_PATTERN); "
                            + ONE_OF
                            + "."
                })
        String groupPattern;

        /**
         * How the groups are chosen: empty when {@code listed} names them (checked by the caller), else the selection.
         * Exactly one way must be given; an empty list counts as not given.
         */
        Optional<GroupSelection> selection(List<String> listed) {
            List<String> given = new ArrayList<>();
            if (listed != null && !listed.isEmpty()) {
                given.add("--consumer-groups");
            }
            if (allGroups) {
                given.add("--all-groups");
            }
            if (groupPattern != null) {
                given.add("--group-pattern");
            }
            if (given.isEmpty()) {
                throw new InvalidInputException("the groups are not chosen: " + ONE_OF
                        + " (or KORB_CONSUMER_GROUPS, KORB_ALL_GROUPS=true, KORB_GROUP_PATTERN)");
            }
            if (given.size() > 1) {
                throw new InvalidInputException(String.join(" and ", given) + " are given together: " + ONE_OF
                        + " (a flag or its KORB_* variable)");
            }
            if (allGroups) {
                return Optional.of(GroupSelection.ALL_GROUPS);
            }
            if (groupPattern == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(GroupSelection.matching(groupPattern));
            } catch (PatternSyntaxException e) {
                throw new InvalidInputException("--group-pattern is not a valid Java regular expression: "
                        + e.getDescription() + (e.getIndex() < 0 ? "" : " at index " + e.getIndex())
                        + ": fix the pattern");
            }
        }
    }
}
