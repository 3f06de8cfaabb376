package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * A verify with 10,000 differences still fits Tekton's 4096-byte results, and says how many there were; so does a
 * verified reset of 100 groups, whose group-results list is cut short.
 */
class ResultSizeTest {

    private static final int GROUPS = 100;
    private static final int PARTITIONS = 100;

    @TempDir
    Path work;

    @Test
    void tenThousandDifferencesFitInTektonsResults() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "wide-" + suffix;
        kafka.createTopic(topic, PARTITIONS, 20);
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            String group = "consumer-group-with-a-realistically-long-name-" + suffix + "-" + g;
            groups.add(group);
            kafka.commit(group, offsets(topic, 5L));
        }
        Path claim = work.resolve("claim");
        CliRun.Result snapshot = new CliRun()
                .run(
                        "snapshot",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--consumer-groups",
                        String.join(",", groups),
                        "--snapshot-id",
                        "wide",
                        "--pvc-path",
                        claim.toString());
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        for (String group : groups) {
            kafka.commit(group, offsets(topic, 17L));
        }
        JsonNode run = Yaml.parse("""
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata:
                  generateName: verify-
                spec:
                  pipelineRef:
                    name: kafka-offset-verify
                  workspaces:
                    - name: snapshots
                      persistentVolumeClaim:
                        claimName: snapshots
                """);

        TektonRunner.PipelineRun verify = TektonRunner.installed(new Container(new CliRun()), work, "default")
                .claim("snapshots", claim)
                .run(Runs.tektonParams(
                        run,
                        Map.of(
                                "bootstrap-servers",
                                kafka.bootstrapServers(),
                                "consumer-groups",
                                groups,
                                "snapshot-id",
                                "wide",
                                "storage-type",
                                "pvc")));

        TektonRunner.TaskRun task = verify.task("verify");
        assertThat(task.status()).as(task.output()).isEqualTo(TektonRunner.Status.SUCCEEDED);
        assertThat(task.terminationMessageBytes()).isLessThanOrEqualTo(TektonRunner.TERMINATION_MESSAGE_LIMIT);
        assertThat(task.results()).containsEntry("matched", "false");
        JsonNode differences = new ObjectMapper().readTree(task.results().get("differences"));
        assertThat(differences.path("total").asInt()).isEqualTo(GROUPS * PARTITIONS);
        assertThat(differences.path("truncated").asBoolean()).isTrue();
        assertThat(differences.path("items").size()).isPositive();
        assertThat(differences.path("items").get(0).path("expected").asLong()).isEqualTo(5);
        assertThat(task.results().get("message")).contains("10000 differences");
    }

    @Test
    void aVerifiedResetOfAHundredGroupsFitsInTektonsResults() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "wide-reset-" + suffix;
        kafka.createTopic(topic, PARTITIONS, 20);
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            String group = "consumer-group-with-a-realistically-long-name-" + suffix + "-" + g;
            groups.add(group);
            kafka.commit(group, offsets(topic, 17L));
        }
        JsonNode run = Yaml.parse("""
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata:
                  generateName: reset-
                spec:
                  pipelineRef:
                    name: kafka-offset-reset
                  workspaces:
                    - name: snapshots
                      persistentVolumeClaim:
                        claimName: snapshots
                """);

        TektonRunner.PipelineRun reset = TektonRunner.installed(new Container(new CliRun()), work, "default")
                .claim("snapshots", Files.createDirectories(work.resolve("claim")))
                .run(Runs.tektonParams(
                        run,
                        Map.of(
                                "bootstrap-servers",
                                kafka.bootstrapServers(),
                                "consumer-groups",
                                groups,
                                "to-earliest",
                                "true",
                                "verify",
                                "true",
                                "storage-type",
                                "pvc")));

        TektonRunner.TaskRun task = reset.task("reset");
        assertThat(task.status()).as(task.output()).isEqualTo(TektonRunner.Status.SUCCEEDED);
        assertThat(task.terminationMessageBytes()).isLessThanOrEqualTo(TektonRunner.TERMINATION_MESSAGE_LIMIT);
        assertThat(task.results())
                .containsEntry("groups-reset", String.valueOf(GROUPS))
                .containsEntry("changed-partitions", String.valueOf(GROUPS * PARTITIONS))
                .containsEntry("matched", "true");
        JsonNode groupResults = new ObjectMapper().readTree(task.results().get("group-results"));
        assertThat(groupResults.path("total").asInt()).isEqualTo(GROUPS);
        assertThat(groupResults.path("truncated").asBoolean()).isTrue();
        assertThat(groupResults.path("items").size()).isPositive().isLessThan(GROUPS);
        assertThat(groupResults.at("/items/0/status").asText()).isEqualTo("success");
        assertThat(groupResults.at("/items/0/partitionsReset").asInt()).isEqualTo(PARTITIONS);
        assertThat(kafka.committed(groups.get(GROUPS - 1))).isEqualTo(offsets(topic, 0L));
    }

    private static Map<TopicPartition, Long> offsets(String topic, long offset) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            offsets.put(new TopicPartition(topic, p), offset);
        }
        return offsets;
    }
}
