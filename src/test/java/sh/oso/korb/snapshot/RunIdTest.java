package sh.oso.korb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
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
    @ValueSource(
            strings = {
                "two words",
                "tab\there",
                "line\nbreak",
                "ünïcode",
                "bell\u0007",
                "del\u007f",
                " leading",
                // Argo: a node in a loop is named after its item, which may hold anything
                "5d1c0a2e/kafka-offset.outer[1].rollback(0:{\"group\":\"café orders\"})"
            })
    void acceptsAnyOtherTextAndKeepsTheSha256OfItsUtf8Bytes(String text) throws Exception {
        String sha256 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));

        RunId runId = RunId.parse(text).orElseThrow();

        assertThat(runId.value()).isEqualTo("sha256:" + sha256);
        assertThat(RunId.parse(text)).contains(runId);
        assertThat(RunId.parse(text + "x")).isNotEqualTo(Optional.of(runId));
    }

    @Test
    void keepsUpToItsLengthLimitAsGivenAndDigestsALongerOne() {
        String longest = "a".repeat(RunId.MAX_LENGTH);
        String argoInLoops = "5d1c0a2e-9f4b-4a43-8d1a-2b7c9e0f3a61:" + "wf[0].outer[1].rollback(0:item-x)".repeat(10);

        assertThat(RunId.parse(longest)).contains(new RunId(longest));
        assertThat(argoInLoops.length()).isGreaterThan(RunId.MAX_LENGTH);
        assertThat(RunId.parse(argoInLoops).orElseThrow().value()).matches("sha256:[0-9a-f]{64}");
        assertThat(RunId.parse("a".repeat(RunId.MAX_GIVEN_LENGTH))).isPresent();
    }

    @Test
    void refusesOnlyAnAbusivelyLongValueNamingTheOption() {
        assertThatThrownBy(() -> RunId.parse("a".repeat(RunId.MAX_GIVEN_LENGTH + 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--run-id is 65537 characters long; at most 65536 are accepted: pass the workflow"
                        + " engine's id of this step");
    }

    @Test
    void theSchemaAcceptsEveryNormalisedForm() throws Exception {
        JsonNode runId;
        try (InputStream in = RunIdTest.class.getResourceAsStream("/schema/snapshot-v1.schema.json")) {
            runId = new ObjectMapper().readTree(in).at("/properties/runId");
        }
        Pattern pattern = Pattern.compile(runId.path("pattern").asText());
        for (String given : List.of("a".repeat(RunId.MAX_LENGTH), "two words", "x".repeat(RunId.MAX_LENGTH + 1))) {
            String stored = RunId.parse(given).orElseThrow().value();
            assertThat(pattern.matcher(stored).find()).as(stored).isTrue();
            assertThat(stored.length())
                    .isLessThanOrEqualTo(runId.path("maxLength").asInt());
        }
        assertThat(runId.path("maxLength").asInt()).isEqualTo(RunId.MAX_LENGTH);
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
