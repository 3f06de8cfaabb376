package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.tekton.v1.ParamValue;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.api.ResetReferenceExamples;
import sh.oso.korb.error.InvalidSpecException;
import sh.oso.korb.workflow.Yaml;

/**
 * A KafkaOffsetReset as the kafka-offset-reset Task's params and workspaces: every param and workspace is one the
 * Task declares, each strategy sets its one target, createSnapshot false is no-undo with no store, no store is
 * the rollback's default ConfigMap, the Kafka params are the rollback's, headerBased has no run.
 */
class ResetRunParamsTest {

    private static final JsonNode TASK =
            Yaml.read(Yaml.PROJECT.resolve("tasks/kafka-offset-reset/kafka-offset-reset.yaml"));
    private static final List<String> TARGETS = List.of(
            "to-earliest",
            "to-latest",
            "to-datetime",
            "by-duration",
            "to-offset",
            "shift-by",
            "from-group",
            "from-file");
    private static final String STORE = "/spec/storage";

    static Stream<ReferenceExamples.Example> runnableExamples() {
        return ResetReferenceExamples.complete().stream()
                .filter(example ->
                        !example.resource().at("/spec/strategy").asText().equals("headerBased"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnableExamples")
    void everyRunnableExampleBecomesParamsAndWorkspacesTheTaskDeclaresWithOneTarget(ReferenceExamples.Example example) {
        KafkaOffsetReset reset = reset(example.resource());
        Map<String, ParamValue> params = params(reset);

        assertThat(declared("params")).containsAll(params.keySet());
        assertThat(declared("workspaces"))
                .containsAll(ResetRunParams.secretWorkspaces(reset).keySet());
        assertThat(declared("workspaces")).contains(ResetRunParams.MAPPING_WORKSPACE);
        assertThat(params.keySet()).filteredOn(TARGETS::contains).hasSize(1);
        assertThat(params.get("consumer-groups").getArrayVal())
                .containsExactlyElementsOf(reset.getSpec().getConsumerGroups());
        assertThat(params.get("bootstrap-servers").getStringVal()).contains("9092");
    }

    @Test
    void theConsumerGroupsAreTheTasksArrayAndTheMappingWorkspaceIsWhereFromFilePoints() {
        assertThat(param("consumer-groups").path("type").asText()).isEqualTo("array");
        assertThat(param("topics").path("type").asText()).isEqualTo("string");
        JsonNode mapping = named(TASK.at("/spec/workspaces"), ResetRunParams.MAPPING_WORKSPACE);
        assertThat(mapping.path("mountPath").asText()).isEqualTo(ResetRunParams.MAPPING_PATH);
        assertThat(mapping.path("optional").asBoolean()).isTrue();
    }

    @Test
    void eachStrategySetsItsOneTarget() {
        Map<String, Consumer<ObjectNode>> strategies = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        strategies.put("earliest", spec -> {});
        expected.put("to-earliest", "true");
        strategies.put("latest", spec -> {});
        expected.put("to-latest", "true");
        strategies.put("timestamp", spec -> spec.put("timestamp", "2024-12-01T10:00:00Z"));
        expected.put("to-datetime", "2024-12-01T10:00:00Z");
        strategies.put("offset", spec -> spec.put("offset", 1000));
        expected.put("to-offset", "1000");
        strategies.put("shiftBy", spec -> spec.put("shiftBy", -100));
        expected.put("shift-by", "-100");
        strategies.put("duration", spec -> spec.put("duration", "PT1H"));
        expected.put("by-duration", "PT1H");
        strategies.put("fromGroup", spec -> spec.put("fromGroup", "other-group"));
        expected.put("from-group", "other-group");
        strategies.put(
                "fromMapping",
                spec -> spec.putObject("mappingConfigMap")
                        .put("name", "offset-mapping")
                        .put("key", "mapping.json"));
        expected.put("from-file", "/var/run/korb/mapping/mapping.json");

        var targets = expected.entrySet().iterator();
        strategies.forEach((strategy, field) -> {
            Map.Entry<String, String> target = targets.next();
            KafkaOffsetReset reset = changed("reset-to-earliest", spec -> {
                spec.put("strategy", strategy);
                field.accept(spec);
            });
            Map<String, ParamValue> params = params(reset);

            assertThat(params.keySet())
                    .as(strategy)
                    .filteredOn(TARGETS::contains)
                    .containsExactly(target.getKey());
            assertThat(params.get(target.getKey()).getStringVal()).as(strategy).isEqualTo(target.getValue());
            assertThat(ResetRunParams.mapping(reset).isPresent()).isEqualTo(strategy.equals("fromMapping"));
        });
    }

    @Test
    void timestampMillisIsPassedAsDigitsWhichTheExecutorReadsAsEpochMillis() {
        KafkaOffsetReset reset = changed("reset-to-timestamp", spec -> {
            spec.remove("timestamp");
            spec.put("timestampMillis", 1701432000000L);
        });

        assertThat(params(reset).get("to-datetime").getStringVal()).isEqualTo("1701432000000");
    }

    @Test
    void fromMappingBindsTheConfigMapAndPointsFromFileAtItsKey() {
        KafkaOffsetReset reset = reset(ResetReferenceExamples.named("reset-from-mapping"));

        assertThat(ResetRunParams.mapping(reset))
                .hasValueSatisfying(ref -> assertThat(ref.getName()).isEqualTo("offset-mapping"));
        assertThat(params(reset).get("from-file").getStringVal()).isEqualTo("/var/run/korb/mapping/mapping.json");
    }

    @Test
    void topicsAreCommaSeparatedAndPartitionsNarrowTheOneTopic() {
        assertThat(params(reset(ResetReferenceExamples.named("offset-reset")))
                        .get("topics")
                        .getStringVal())
                .isEqualTo("orders,payments");
        KafkaOffsetReset narrowed = changed("reset-to-earliest", spec -> {
            spec.putArray("topics").add("orders");
            spec.putArray("partitions").add(0).add(1).add(2);
        });
        assertThat(params(narrowed).get("topics").getStringVal()).isEqualTo("orders:0,1,2");
        assertThat(params(reset(ResetReferenceExamples.named("reset-to-earliest"))))
                .as("no topics: the Task's default, the groups' topics")
                .doesNotContainKey("topics");
    }

    @Test
    void withoutStorageTheUndoSnapshotGoesToTheRollbacksDefaultConfigMap() {
        KafkaOffsetReset reset = reset(ResetReferenceExamples.named("reset-to-timestamp"));
        Map<String, ParamValue> params = params(reset);

        assertThat(params.get("storage-type").getStringVal()).isEqualTo("configMap");
        assertThat(params.get("configmap-name").getStringVal()).isEqualTo(RunParams.DEFAULT_CONFIG_MAP);
        assertThat(params.get("configmap-namespace").getStringVal()).isEqualTo("korb-test");
        assertThat(params.get("snapshot-id").getStringVal()).isEqualTo("before-reset-20241201");
        assertThat(params).doesNotContainKey("no-undo");
    }

    @Test
    void createSnapshotFalseIsNoUndoWithNoStoreNoStoreSecretAndNoClaim() {
        KafkaOffsetReset s3 = changed("reset-to-earliest", spec -> {
            spec.put("createSnapshot", false);
            ObjectNode store = spec.putObject("storage").put("storageType", "s3");
            store.putObject("s3")
                    .put("bucket", "b")
                    .putObject("credentialsSecret")
                    .put("name", "aws");
        });
        KafkaOffsetReset pvc = changed("reset-to-earliest", spec -> {
            spec.put("createSnapshot", false);
            spec.putObject("storage").put("storageType", "pvc").putObject("pvc").put("claimName", "snapshots");
        });

        assertThat(params(s3)).containsEntry("no-undo", new ParamValue("true"));
        assertThat(params(s3).keySet()).noneMatch(name -> name.startsWith("storage-") || name.startsWith("s3-"));
        assertThat(ResetRunParams.secretWorkspaces(s3)).doesNotContainKey("cloud-credentials");
        assertThat(ResetRunParams.claim(pvc)).isEmpty();
    }

    @Test
    void withCreateSnapshotTheStoresSecretAndClaimAreBoundAsTheRollbacks() {
        KafkaOffsetReset s3 = changed("reset-to-earliest", spec -> {
            ObjectNode store = spec.putObject("storage").put("storageType", "s3");
            store.putObject("s3")
                    .put("bucket", "b")
                    .putObject("credentialsSecret")
                    .put("name", "aws");
        });
        KafkaOffsetReset pvc = changed(
                "reset-to-earliest",
                spec -> spec.putObject("storage")
                        .put("storageType", "pvc")
                        .putObject("pvc")
                        .put("claimName", "snapshots"));

        assertThat(params(s3)).containsEntry("s3-bucket", new ParamValue("b"));
        assertThat(ResetRunParams.secretWorkspaces(s3)).containsEntry("cloud-credentials", "aws");
        assertThat(ResetRunParams.claim(pvc)).contains("snapshots");
    }

    @Test
    void theKafkaParamsAndSecretsAreTheRollbacksForTheSameCluster() throws Exception {
        JsonNode rollbackFull = ReferenceExamples.named("offset-rollback");
        KafkaOffsetReset reset = changed(
                "reset-to-earliest",
                spec -> spec.set(
                        "kafkaCluster", rollbackFull.at("/spec/kafkaCluster").deepCopy()));
        ObjectNode rollbackJson = Yaml.copy(rollbackFull);
        rollbackJson.with("metadata").put("namespace", "korb-test");
        rollbackJson.with("spec").remove("storage");
        KafkaOffsetRollback rollback = new ObjectMapper().treeToValue(rollbackJson, KafkaOffsetRollback.class);
        Map<String, ParamValue> rollbackParams = new LinkedHashMap<>();
        new RunParams(rollback).forEach(rollbackParams::put);
        Map<String, ParamValue> resetParams = params(reset);

        rollbackParams.forEach((name, value) -> {
            if (name.startsWith("sasl-")
                    || name.startsWith("tls-")
                    || name.startsWith("bootstrap")
                    || name.startsWith("security")
                    || name.startsWith("storage")
                    || name.startsWith("configmap")) {
                assertThat(resetParams).as(name).containsEntry(name, value);
            }
        });
        assertThat(ResetRunParams.secretWorkspaces(reset)).isEqualTo(RunParams.secretWorkspaces(rollback));
    }

    @Test
    void dryRunAndParallelismArePassedAndUnsetOnesKeepTheTasksDefaults() {
        assertThat(params(reset(ResetReferenceExamples.named("dry-run-reset"))))
                .containsEntry("dry-run", new ParamValue("true"));
        assertThat(params(reset(ResetReferenceExamples.named("bulk-reset"))))
                .containsEntry("parallelism", new ParamValue("50"));
        assertThat(params(reset(ResetReferenceExamples.named("reset-to-earliest"))))
                .doesNotContainKeys("dry-run", "parallelism", "snapshot-id", "no-undo");
    }

    @Test
    void headerBasedHasNoRunAndSaysWhatToUseInstead() {
        KafkaOffsetReset reset = reset(ResetReferenceExamples.named("post-restore-reset"));

        assertThat(ResetRunParams.notSupported(reset))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("spec.strategy headerBased is not supported")
                        .contains("timestamp")
                        .contains("fromMapping"));
        assertThatThrownBy(() -> new ResetRunParams(reset)).isInstanceOf(IllegalArgumentException.class);
        runnableExamples()
                .forEach(example -> assertThat(ResetRunParams.notSupported(reset(example.resource())))
                        .isEmpty());
    }

    @Test
    void aStrategyWithoutItsFieldIsRefusedNamingTheFieldOnAnApiServerWithoutCel() {
        assertThatThrownBy(() -> params(changed("reset-to-earliest", spec -> spec.put("strategy", "shiftBy"))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec.shiftBy is required with strategy shiftBy: set it, or choose another strategy");
        assertThatThrownBy(() -> params(changed("reset-to-earliest", spec -> spec.put("strategy", "timestamp"))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("spec.timestamp (or timestampMillis) is required with strategy timestamp");
    }

    private static Map<String, ParamValue> params(KafkaOffsetReset reset) {
        Map<String, ParamValue> params = new LinkedHashMap<>();
        new ResetRunParams(reset).forEach(params::put);
        return params;
    }

    private static Set<String> declared(String section) {
        Set<String> names = new HashSet<>();
        TASK.at("/spec/" + section).forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static JsonNode param(String name) {
        return named(TASK.at("/spec/params"), name);
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("the Task declares no " + name);
    }

    private static KafkaOffsetReset changed(String example, Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(ResetReferenceExamples.named(example));
        change.accept(resource.with("spec"));
        return reset(resource);
    }

    private static KafkaOffsetReset reset(JsonNode example) {
        ObjectNode resource = Yaml.copy(example);
        resource.with("metadata").put("namespace", "korb-test");
        try {
            return new ObjectMapper().treeToValue(resource, KafkaOffsetReset.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
