package sh.oso.korb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.oso.korb.error.InvalidInputException;

class SnapshotIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"pre-migration-20241201", "quick-snapshot-001", "a", "v1.2_3", "X"})
    void acceptsSafeIds(String id) {
        assertThat(SnapshotId.of(id).fileName()).isEqualTo(id + ".json");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"../evil", "..", ".hidden", "a/b", "a\\b", "with space", "", " ", "-flag", "tab\tid", "ünïcode"})
    void refusesIdsThatAreNotSafeAsFileNamesKeysAndObjectNames(String id) {
        assertThatThrownBy(() -> SnapshotId.of(id))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("snapshot id");
    }

    @ParameterizedTest
    @ValueSource(ints = {253, 254})
    void limitsTheLength(int length) {
        String id = "a".repeat(length);
        if (length <= SnapshotId.MAX_LENGTH) {
            assertThat(SnapshotId.of(id).value()).hasSize(length);
        } else {
            assertThatThrownBy(() -> SnapshotId.of(id)).hasMessageContaining("at most 253");
        }
    }
}
