package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.oso.korb.kafka.KafkaClientFactory;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * Every run, successful or not, says why in the {@code reason} and {@code exit-code} result files, and the exit
 * code in the file is the process's.
 */
class ResultReasonsTest extends KafkaCommandTest {

    private Path results;

    @BeforeEach
    void setUp() {
        results = store.resolve("results");
    }

    @Test
    void aRollbackRefusedBecauseAGroupIsActiveWritesGroupsActiveAndFour() throws Exception {
        kafka.snapshot("before-change");
        Map<TopicPartition, Long> moved = kafka.offsets(60);
        EmbeddedKafka.shared().commit(kafka.orderProcessor, moved);

        try (KafkaConsumer<String, String> live =
                EmbeddedKafka.shared().liveConsumer(kafka.orderProcessor, "classic", kafka.orders)) {
            CliRun.Result result =
                    run("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
            assertResults("Failed", "GroupsActive", 4);
            assertThat(result("message")).contains(kafka.orderProcessor).contains("nothing was changed");
        }
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(moved);
    }

    @Test
    void aStrictVerifyWithDifferencesWritesDifferencesFoundAndThree() throws Exception {
        kafka.snapshot("before-change");
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));

        CliRun.Result strict =
                run("verify", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change", "--strict");

        assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(3);
        assertResults("Failed", "DifferencesFound", 3);

        CliRun.Result lenient = run("verify", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change");

        assertThat(lenient.exitCode()).as(lenient.toString()).isZero();
        assertResults("Completed", "DifferencesFound", 0);
    }

    @Test
    void eachSuccessfulCommandNamesWhatItDid() throws Exception {
        assertSucceeds("SnapshotCreated", "snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", "s1");
        assertSucceeds(
                "VerificationPassed", "verify", "--consumer-groups", kafka.groups(), "--snapshot-id", "s1", "--strict");
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
        assertSucceeds(
                "RollbackPlanned", "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "s1", "--dry-run");
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor))
                .as("a dry run changes nothing")
                .isEqualTo(kafka.offsets(60));
        assertSucceeds(
                "RollbackCompleted",
                "rollback",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "s1",
                "--verify");
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(kafka.offsets(10));
        assertSucceeds("SnapshotsListed", "list");
        assertSucceeds("SnapshotShown", "show", "--snapshot-id", "s1");
        assertSucceeds("SnapshotDeleted", "delete", "--snapshot-id", "s1");
        assertThat(store.resolve("s1.json")).doesNotExist();
        assertSucceeds("NothingToDelete", "delete", "--snapshot-id", "s1", "--ignore-missing");
    }

    @Test
    void aMalformedSnapshotExitsAsTheHelpSays() throws Exception {
        Files.writeString(store.resolve("broken.json"), "{\"groups\": [1, 2");

        CliRun.Result result = run("verify", "--consumer-groups", kafka.groups(), "--snapshot-id", "broken");
        CliRun.Result help = kafka.cli().run("verify", "--help");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertResults("Failed", "MalformedSnapshot", 2);
        assertThat(help.out())
                .containsPattern(
                        "(?s)\\n  2  invalid input: [^\\n]*\\n(?:       [^\\n]*\\n)*?" + "[^\\n]*MalformedSnapshot");
    }

    @Test
    void anOptionPicocliRefusesStillWritesTheResultsItsVariableNames() throws Exception {
        CliRun.Result result = kafka.cli()
                .env("KORB_RESULTS_DIR", results.toString())
                .run("verify", "--consumer-groups", kafka.groups(), "--snapshot-id", "s1", "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertResults("Failed", "InvalidInput", 2);
        assertThat(result("message")).contains("--frobnicate");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a bad value                        | --timeout soon | '--timeout'",
                "a missing value, as an empty Tekton array param leaves it | --snapshot-id | '--snapshot-id'"
            })
    void aRefusedCommandLineWritesItsResultsWhereTheVariableSays(String what, String badArguments, String named)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--consumer-groups", kafka.groups()));
        args.addAll(List.of(badArguments.split(" ")));

        CliRun.Result result =
                kafka.cli().env("KORB_RESULTS_DIR", results.toString()).run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertResults("Failed", "InvalidInput", 2);
        assertThat(result("message")).contains(named);
    }

    @Test
    void aRefusedCommandLineWritesItsResultsWhereALaterResultsDirSays() throws Exception {
        CliRun.Result result = kafka.korb(
                "verify",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "s1",
                "--timeout",
                "soon",
                "--results-dir",
                results.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertResults("Failed", "InvalidInput", 2);
        assertThat(result("message")).contains("soon");
    }

    @Test
    void theExecutorsHelpLeavesOutTheReasonsOnlyTheControllerGives() {
        assertThat(kafka.cli().run("verify", "--help").out())
                .contains("MalformedSnapshot")
                .doesNotContain("InvalidSpec");
    }

    @Test
    void aFailureKorbHasNoReasonForIsStillOneLineWithItsResults() throws Exception {
        kafka.snapshot("s1");
        KafkaClientFactory broken = new KafkaClientFactory() {
            @Override
            public Admin admin(KafkaConfig config) {
                throw new IllegalStateException("a bug in the client factory");
            }

            @Override
            public Consumer<byte[], byte[]> readOnlyConsumer(KafkaConfig config) {
                throw new IllegalStateException("a bug in the client factory");
            }
        };

        CliRun.Result result = kafka.cli()
                .clients(broken)
                .run(
                        "verify",
                        "--consumer-groups",
                        kafka.groups(),
                        "--snapshot-id",
                        "s1",
                        "--results-dir",
                        results.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err().lines().filter(line -> line.startsWith("error:")))
                .containsExactly("error: unexpected failure: java.lang.IllegalStateException: a bug in the client"
                        + " factory (run with --verbose for the stack trace)");
        assertResults("Failed", "UnexpectedFailure", 1);
        assertThat(result("message"))
                .as("a library's message is not vetted for the status: only its type")
                .isEqualTo("unexpected failure: java.lang.IllegalStateException (the step's log has its message;"
                        + " run with --verbose for the stack trace)");
    }

    private CliRun.Result run(String command, String... args) {
        String[] withResults = new String[args.length + 2];
        System.arraycopy(args, 0, withResults, 0, args.length);
        withResults[args.length] = "--results-dir";
        withResults[args.length + 1] = results.toString();
        return kafka.korb(command, withResults);
    }

    private void assertSucceeds(String reason, String command, String... args) throws IOException {
        CliRun.Result result = run(command, args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertResults("Completed", reason, 0);
    }

    private void assertResults(String phase, String reason, int exitCode) throws IOException {
        assertThat(result("phase")).isEqualTo(phase);
        assertThat(result("reason")).isEqualTo(reason);
        assertThat(result("exit-code")).isEqualTo(String.valueOf(exitCode));
    }

    private String result(String name) throws IOException {
        return Files.readString(results.resolve(name));
    }
}
