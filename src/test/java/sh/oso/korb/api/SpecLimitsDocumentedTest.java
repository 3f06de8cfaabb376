package sh.oso.korb.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import sh.oso.korb.workflow.Yaml;

/** The README's table of the spec's limits says what {@link SpecLimits} (and so the CRD) enforces. */
class SpecLimitsDocumentedTest {

    @Test
    void theReadmeTableHasTheLimitsOfTheCrd() throws IOException {
        String readme = Files.readString(Yaml.PROJECT.resolve("README.md"));

        assertThat(readme)
                .contains("| `consumerGroups` | " + number(SpecLimits.GROUPS) + " groups of "
                        + number(SpecLimits.GROUP_ID_LENGTH) + " characters each |")
                .contains("| `consumerGroupPattern` | " + number(SpecLimits.GROUP_PATTERN_LENGTH) + " characters |")
                .contains("| `kafkaCluster.bootstrapServers` | " + number(SpecLimits.BOOTSTRAP_SERVERS) + " servers of "
                        + number(SpecLimits.SERVER_LENGTH) + " characters each |")
                .contains("`region` | " + number(SpecLimits.NAME_LENGTH) + " characters |")
                .contains("| `snapshotId` | " + number(SpecLimits.SNAPSHOT_ID_LENGTH) + " characters |")
                .contains("| `prefix` | " + number(SpecLimits.PREFIX_LENGTH) + " characters |")
                .contains("| `endpoint` | " + number(SpecLimits.PATH_LENGTH) + " characters |")
                .contains("| `topics` (KafkaOffsetReset) | " + number(SpecLimits.TOPICS) + " topics of "
                        + number(SpecLimits.TOPIC_LENGTH) + " characters each |")
                .contains("| `partitions` (KafkaOffsetReset) | " + number(SpecLimits.PARTITIONS) + " partitions |")
                .contains("| `timestamp` (KafkaOffsetReset) | " + number(SpecLimits.TIMESTAMP_LENGTH) + " characters |")
                .contains("| `duration` (KafkaOffsetReset) | " + number(SpecLimits.DURATION_LENGTH) + " characters |");
    }

    private static String number(int value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
