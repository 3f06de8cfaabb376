package sh.oso.korb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.MalformedSnapshotException;

class RunIdTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0b7e3f52-5f8e-4c1e-9a51-7d2f0c6e1a44", // a Tekton TaskRun's uid
                "5d1c0a2e-9f4b-4a43-8d1a-2b7c9e0f3a61/kafka-offset-x7k2p.rollback(0)[1]", // Argo: workflow uid, node
                "!~"
            })
    void acceptsWhatEnginesUseAsIds(String text) {
        assertThat(RunId.parse(text)).contains(new RunId(text));
    }

    @Test
    void noneWhenAbsentOrBlank() {
        assertThat(RunId.parse(null)).isEmpty();
        assertThat(RunId.parse("")).isEmpty();
        assertThat(RunId.parse("  ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", "tab\there", "line\nbreak", "ünïcode", "bell\u0007", "del\u007f"})
    void refusesWhitespaceControlAndNonAsciiCharactersNamingTheOption(String text) {
        assertThatThrownBy(() -> RunId.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--run-id may hold printable ASCII without whitespace only")
                .hasMessageNotContaining("\n");
    }

    @Test
    void limitsTheLength() {
        assertThat(RunId.parse("a".repeat(RunId.MAX_LENGTH))).isPresent();
        assertThatThrownBy(() -> RunId.parse("a".repeat(RunId.MAX_LENGTH + 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--run-id is 254 characters long; at most 253");
    }

    @Test
    void itsDigestIsTheStartOfItsSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertThat(new RunId("abc").digest()).isEqualTo("ba7816bf8f01");
    }

    @Test
    void aSnapshotRecordsItsRunAndAnInvalidOneIsMalformed() {
        byte[] valid = "{\"runId\":\"r-1\",\"groups\":{}}".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = "{\"runId\":\"r 1\",\"groups\":{}}".getBytes(StandardCharsets.UTF_8);

        assertThat(SnapshotReader.readAll(SnapshotId.of("s"), "", new ByteArrayInputStream(valid))
                        .runId())
                .contains(new RunId("r-1"));
        assertThatThrownBy(() -> SnapshotReader.readAll(SnapshotId.of("s"), "", new ByteArrayInputStream(invalid)))
                .isInstanceOf(MalformedSnapshotException.class)
                .hasMessageContaining("at /runId")
                .hasMessageContaining("'runId' is not a valid run id")
                .hasMessageNotContaining("r 1");
    }
}
