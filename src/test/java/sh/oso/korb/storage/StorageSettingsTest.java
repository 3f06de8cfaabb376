package sh.oso.korb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.testing.CliRun;

/**
 * Each store's settings are refused when incomplete, before any store or client is opened, and so are credentials
 * a user can fix: one line naming the option or file, exit 2, never the credentials' content.
 */
class StorageSettingsTest {

    /** In every broken credential below: it must never reach a message. */
    private static final String CONTENT = "wJalrXUtnFEMI";
    /** No store listens here: a command that got as far as a request would fail with exit 1, not 2. */
    private static final String NOWHERE = "http://127.0.0.1:9";

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --storage-type pvc                                     | --pvc-path is required with --storage-type pvc
            --storage-type configmap --configmap-name Offsets      | 'Offsets' is not a valid Kubernetes name
            --storage-type s3 --s3-region us-west-2                | --s3-bucket is required with --storage-type s3
            --storage-type s3 --s3-bucket snapshots                | --s3-region is required with --storage-type s3
            --storage-type azure --azure-endpoint https://a.blob   | --azure-container is required with --storage-type azure
            --storage-type azure --azure-container snapshots       | --storage-type azure needs --azure-endpoint
            --storage-type gcs                                     | --gcs-bucket is required with --storage-type gcs
            """)
    void incompleteSettingsAreInvalidInputAndOpenNothing(String storageArgs, String message) {
        List<String> args = new ArrayList<>(List.of("list"));
        args.addAll(List.of(storageArgs.split(" ")));
        CliRun cli = new CliRun().stores(config -> {
            throw new AssertionError("opened " + config);
        });

        CliRun.Result result = cli.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --s3-prefix    | --storage-type s3 --s3-bucket b --s3-region us-east-1
            --azure-prefix | --storage-type azure --azure-container c --azure-endpoint https://a.blob.core.windows.net
            --gcs-prefix   | --storage-type gcs --gcs-bucket b
            """)
    void aPrefixThatLeavesNoRoomForTheLongestIdIsInvalidInput(String prefixOption, String storageArgs) {
        String tooLong = "p/".repeat(StorageConfig.MAX_PREFIX_BYTES / 2) + "x";
        List<String> args = new ArrayList<>(List.of("list", prefixOption, tooLong));
        args.addAll(List.of(storageArgs.split(" ")));
        CliRun cli = new CliRun().stores(config -> {
            throw new AssertionError("opened " + config);
        });

        CliRun.Result result = cli.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err())
                .contains(prefixOption + " is " + (StorageConfig.MAX_PREFIX_BYTES + 1) + " bytes long")
                .contains("at most " + StorageConfig.MAX_PREFIX_BYTES)
                .hasLineCount(1);
    }

    static Stream<Arguments> credentialsAUserCanFix() {
        List<String> s3 = List.of(
                "--storage-type", "s3", "--s3-bucket", "b", "--s3-region", "us-east-1", "--s3-endpoint", NOWHERE);
        List<String> azure = List.of("--storage-type", "azure", "--azure-container", "c");
        List<String> gcs = List.of("--storage-type", "gcs", "--gcs-bucket", "b");
        return Stream.of(
                Arguments.of(
                        "s3: a line without '='",
                        s3,
                        "credentials",
                        "[default]\naws_access_key_id " + CONTENT + "\n",
                        "credentials is not an AWS shared credentials file (line 2)"),
                Arguments.of(
                        "s3: no profile",
                        s3,
                        "credentials",
                        CONTENT,
                        "credentials is not an AWS shared credentials file (line 1)"),
                Arguments.of(
                        "s3: another profile only",
                        s3,
                        "credentials",
                        "[ci]\naws_access_key_id = " + CONTENT + "\naws_secret_access_key = " + CONTENT + "\n",
                        "credentials has no [default] profile"),
                Arguments.of(
                        "s3: half a key",
                        s3,
                        "credentials",
                        "[default]\naws_access_key_id = " + CONTENT + "\n",
                        "credentials has only one half of a key in its [default] profile"),
                Arguments.of(
                        "azure: not a connection string",
                        azure,
                        "connection-string",
                        CONTENT,
                        "the Azure Storage connection string is malformed"),
                Arguments.of("gcs: not JSON", gcs, "key.json", CONTENT, "key.json is not a Google service account key"),
                Arguments.of(
                        "gcs: JSON, not an object",
                        gcs,
                        "key.json",
                        "[\"" + CONTENT + "\"]",
                        "key.json is not a Google service account key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentialsAUserCanFix")
    void credentialsAUserCanFixAreInvalidInputNamingTheFileNotItsContent(
            String name, List<String> storageArgs, String key, String content, String message) throws Exception {
        Path secret = Files.createDirectories(work.resolve("cloud-credentials"));
        Files.writeString(secret.resolve(key), content);
        Path results = work.resolve("results");
        List<String> args = new ArrayList<>(List.of("list", "--results-dir", results.toString()));
        args.addAll(storageArgs);
        args.addAll(List.of("--cloud-credentials-dir", secret.toString()));

        CliRun.Result result = CliRun.korb(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(message).doesNotContain(CONTENT).hasLineCount(1);
        assertThat(Files.readString(results.resolve("reason"))).isEqualTo("InvalidInput");
        assertThat(Files.readString(results.resolve("message"))).doesNotContain(CONTENT);
    }

    @Test
    void anAzureEndpointThatIsNoUrlIsInvalidInput() {
        CliRun.Result result = CliRun.korb(
                "list",
                "--storage-type",
                "azure",
                "--azure-container",
                "c",
                "--azure-endpoint",
                "not a url?sig=" + CONTENT);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err())
                .contains("--azure-endpoint is not a blob endpoint URL")
                .doesNotContain(CONTENT)
                .hasLineCount(1);
    }
}
