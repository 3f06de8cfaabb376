package sh.oso.korb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
    @ValueSource(ints = {SnapshotId.MAX_LENGTH, SnapshotId.MAX_LENGTH + 1, 253})
    void limitsTheLength(int length) {
        String id = "a".repeat(length);
        if (length <= SnapshotId.MAX_LENGTH) {
            assertThat(SnapshotId.of(id).value()).hasSize(length);
        } else {
            assertThatThrownBy(() -> SnapshotId.of(id)).hasMessageContaining("at most " + SnapshotId.MAX_LENGTH);
        }
    }

    @Test
    void theLimitFitsAConfigMapKeyAndItsCopiesAgree() throws Exception {
        assertThat(SnapshotId.of("a".repeat(SnapshotId.MAX_LENGTH)).fileName())
                .as("a ConfigMap data key holds 253 characters")
                .hasSize(253);
        JsonNode schema;
        try (InputStream in = SnapshotIdTest.class.getResourceAsStream("/schema/snapshot-v1.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        assertThat(schema.at("/properties/snapshotId/maxLength").asInt()).isEqualTo(SnapshotId.MAX_LENGTH);
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme)
                .contains("at most " + SnapshotId.MAX_LENGTH + " characters")
                .doesNotContainPattern("snapshot id.{0,200}at most (?!" + SnapshotId.MAX_LENGTH + ")\\d+ characters");
    }
}
