package sh.oso.korb.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import sh.oso.korb.snapshot.SnapshotId;

/** The generated undo snapshot id of delete-offsets is a valid snapshot id whatever the group is called. */
class OffsetDeletionUndoIdTest {

    /** The longest suffix the id gets: "-", the UTC time, and "-9" when the first ids are taken. */
    private static final String LONGEST_SUFFIX = "-20261202T021500Z-9";

    @Test
    void oneGroupIsNamedWithTheCharactersASnapshotIdCannotHoldReplaced() {
        String base = OffsetDeletion.generatedBase(List.of("team/orders:v2"));

        assertThat(base).isEqualTo("delete-offsets-team_orders_v2");
        assertThat(SnapshotId.of(base + LONGEST_SUFFIX).value()).startsWith(base);
    }

    @Test
    void severalGroupsAreCounted() {
        assertThat(OffsetDeletion.generatedBase(List.of("a", "b", "c"))).isEqualTo("delete-offsets-3-groups");
    }

    @Test
    void aGroupIdLongerThanASnapshotIdIsCutToFitWithItsSuffix() {
        String base = OffsetDeletion.generatedBase(List.of("g".repeat(1000)));

        assertThat(SnapshotId.of(base + LONGEST_SUFFIX).value()).hasSize(SnapshotId.MAX_LENGTH);
    }
}
