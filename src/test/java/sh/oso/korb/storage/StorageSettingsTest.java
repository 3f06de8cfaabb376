package sh.oso.korb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.oso.korb.testing.CliRun;

/**
 * Each store's settings are refused when incomplete, before any store or client is opened: one line naming
 * the missing option, exit 2.
 */
class StorageSettingsTest {

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
}
