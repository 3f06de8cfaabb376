package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;
import sh.oso.korb.operation.OffsetDifference;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.testing.CliRun;

class CliUnitsTest {

    @ParameterizedTest
    @CsvSource({"30s,30000", "500ms,500", "2m,120000", "1h,3600000", "45,45000", "PT1.5S,1500"})
    void parsesDurations(String text, long millis) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({
        "1m30s,90000",
        "1h30m15s,5415000",
        "1.5h,5400000",
        ".5s,500",
        "2h,7200000",
        "PT1M,60000",
        "250us,0",
        "1500000ns,1",
        "30S,30000",
        "' 2m ',120000"
    })
    void parsesDurationsAsKubernetesWritesThem(String text, long millis) {
        assertThat(new DurationConverter().convert(text).toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest
    @CsvSource({"5h foo", "1x5h", "1h-5m", "-1s", "1.5", "s", "1d", "99999999999999999999", "9999999999h"})
    void refusesWhatNoDurationParserWouldRead(String text) {
        assertThatThrownBy(() -> new DurationConverter().convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + text + "' is not a duration: use e.g. 30s, 500ms, 1m30s, 2h or PT1M");
    }

    @Test
    void theHelpListsEveryStore() {
        String help = sh.oso.korb.testing.CliRun.korb("list", "--help").out();

        for (sh.oso.korb.storage.StorageType type : sh.oso.korb.storage.StorageType.values()) {
            assertThat(help).containsPattern("Snapshot store: [^;]*\\b" + type.value() + "\\b");
        }
    }

    @Test
    void refusesNonsenseDurations() {
        assertThatThrownBy(() -> new DurationConverter().convert("soon"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("e.g. 30s");
    }

    @ParameterizedTest
    @CsvSource({
        "--bootstrap-servers,KORB_BOOTSTRAP_SERVERS",
        "--snapshot-id,KORB_SNAPSHOT_ID",
        "--allow-empty-groups,KORB_ALLOW_EMPTY_GROUPS",
        "--pvc-path,KORB_PVC_PATH",
        "--run-id,KORB_RUN_ID"
    })
    void mapsOptionsToEnvironmentVariables(String option, String variable) {
        assertThat(EnvironmentDefaults.variableFor(option)).isEqualTo(variable);
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapshot", "rollback"})
    void theHelpOfTheCommandsARetryConcernsExplainsTheRunId(String command) {
        String help = CliRun.korb(command, "--help").out().replaceAll("\\s+", " ");

        assertThat(help)
                .contains("--run-id=ID The identity of this workflow step, the same in each of its retries")
                .contains("longer than " + RunId.MAX_LENGTH + " characters")
                .contains("is recorded and shown as its SHA-256 digest")
                .contains("(env KORB_RUN_ID)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "snapshot", "rollback", "verify", "delete", "show", "delete-offsets"})
    void anAbusivelyLongRunIdIsRefusedInOneLineNamingTheOption(String command, @TempDir Path directory)
            throws Exception {
        Path results = directory.resolve("results");
        String tooLong = "x".repeat(RunId.MAX_GIVEN_LENGTH + 1);

        CliRun.Result flag = new CliRun()
                .env("KORB_PVC_PATH", directory.toString())
                .run(command, "--run-id", tooLong, "--results-dir", results.toString());
        CliRun.Result variable = new CliRun()
                .env("KORB_PVC_PATH", directory.toString())
                .env("KORB_RUN_ID", tooLong)
                .run(command);

        assertThat(flag.exitCode()).as(flag.toString()).isEqualTo(2);
        assertThat(flag.err().lines())
                .containsExactly("error: --run-id is 65537 characters long; at most 65536 are accepted: pass the"
                        + " workflow engine's id of this step");
        assertThat(Files.readString(results.resolve("reason"))).isEqualTo("InvalidInput");
        assertThat(variable.exitCode()).as(variable.toString()).isEqualTo(2);
        assertThat(variable.err()).startsWith("error: --run-id is 65537 characters long");
    }

    @Test
    void truncatesTheDifferencesResultUnderTheBudgetAndKeepsTheTotal() throws Exception {
        List<OffsetDifference> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(new OffsetDifference(
                    "group-with-a-long-name-" + i,
                    "topic-" + i,
                    i,
                    1000L + i,
                    Optional.of(2000L + i),
                    OffsetDifference.OFFSET_DIFFERS));
        }

        String result = JsonOutput.differencesResult(many, many.size());

        assertThat(result.length()).isLessThanOrEqualTo(JsonOutput.DIFFERENCES_BUDGET);
        JsonNode json = new ObjectMapper().readTree(result);
        assertThat(json.path("total").asInt()).isEqualTo(500);
        assertThat(json.path("truncated").asBoolean()).isTrue();
        assertThat(json.path("items").size()).isBetween(10, 499);
        assertThat(json.path("items").get(0).path("group").asText()).isEqualTo("group-with-a-long-name-0");
    }

    @Test
    void anEmptyDifferencesResultIsComplete() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonOutput.differencesResult(List.of(), 0));
        assertThat(json.path("total").asInt()).isZero();
        assertThat(json.path("truncated").asBoolean()).isFalse();
        assertThat(json.path("items")).isEmpty();
    }
}
