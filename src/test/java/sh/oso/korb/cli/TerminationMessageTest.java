package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.operation.OffsetDifference;
import sh.oso.korb.testing.CliRun;

/** {@code --termination-message-path}: every result as one compact JSON object within the kubelet's 4,096 bytes. */
class TerminationMessageTest {

    @TempDir
    Path work;

    private static JsonNode read(Path file) throws Exception {
        return new ObjectMapper().readTree(Files.readString(file));
    }

    @Test
    void aRunRefusedByItsOwnValidationWritesItsResultsAsOneJsonObject() throws Exception {
        Path file = work.resolve("termination-log");

        CliRun.Result run = new CliRun()
                .env("KORB_TERMINATION_MESSAGE_PATH", file.toString())
                .run(
                        "delete",
                        "--snapshot-id",
                        "not a valid id!",
                        "--storage-type",
                        "pvc",
                        "--pvc-path",
                        work.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        JsonNode message = read(file);
        assertThat(message.path("phase").asText()).isEqualTo("Failed");
        assertThat(message.path("reason").asText()).isEqualTo("InvalidInput");
        assertThat(message.path("exit-code").asText()).isEqualTo("2");
        assertThat(message.path("message").asText()).contains("not a valid id!");
        assertThat(Files.readString(file)).doesNotContain("\n");
    }

    @Test
    void aCommandLinePicocliRefusedStillWritesTheTerminationMessageNamedLaterOnTheLine() throws Exception {
        Path file = work.resolve("termination-log");

        CliRun.Result run = CliRun.korb("snapshot", "--no-such-option", "--termination-message-path", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        JsonNode message = read(file);
        assertThat(message.path("phase").asText()).isEqualTo("Failed");
        assertThat(message.path("exit-code").asText()).isEqualTo("2");
        assertThat(message.path("message").asText()).contains("--no-such-option");
    }

    @Test
    void aVerifyWithTenThousandDifferencesStaysWithinTheKubeletsLimitAndKeepsEveryOtherResult() throws Exception {
        List<OffsetDifference> differences = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            differences.add(new OffsetDifference(
                    "group-<ünïcødé>-\"" + i,
                    "topic-" + i,
                    i,
                    i,
                    Optional.of(i + 1L),
                    OffsetDifference.OFFSET_DIFFERS));
        }
        Path file = work.resolve("termination-log");
        Results results = new Results(null, file);

        results.put(Results.SNAPSHOT_ID, "s".repeat(248))
                .put(Results.GROUPS, 10_000)
                .put(Results.TOTAL_PARTITIONS, 10_000)
                .put(Results.TIMESTAMP, "2026-12-01T02:23:01.123456789Z")
                .put(Results.MATCHED, false)
                .put(Results.DIFFERENCES, JsonOutput.differencesResult(differences, differences.size()))
                .put(Results.PHASE, Results.FAILED)
                .put(Results.REASON, "DifferencesFound")
                .put(Results.EXIT_CODE, 3)
                .put(Results.MESSAGE, Results.bounded("<&>\"é€😀".repeat(2_000)));

        assertThat(Files.readAllBytes(file).length).isLessThanOrEqualTo(TerminationMessage.LIMIT);
        JsonNode message = read(file);
        assertThat(message.path("differences").asText())
                .contains("\"total\":10000")
                .contains("\"truncated\":true");
        assertThat(message.path("snapshot-id").asText()).hasSize(248);
        assertThat(message.path("exit-code").asText()).isEqualTo("3");
    }

    @Test
    void overTheLimitTheLargestOptionalResultsGoFirstNeverPhaseReasonExitCodeOrMessage() throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        results.put("phase", "Failed");
        results.put("reason", "DifferencesFound");
        results.put("exit-code", "3");
        results.put("message", "m".repeat(600));
        results.put("differences", "d".repeat(3_000));
        results.put("decisions", "c".repeat(1_000));
        results.put("groups", "7");

        String fitted = TerminationMessage.fitted(results);

        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(TerminationMessage.LIMIT);
        JsonNode message = new ObjectMapper().readTree(fitted);
        assertThat(message.has("differences")).isFalse();
        assertThat(message.path("decisions").asText()).hasSize(1_000);
        assertThat(message.path("groups").asText()).isEqualTo("7");
        assertThat(message.path("message").asText()).hasSize(600);
    }
}
