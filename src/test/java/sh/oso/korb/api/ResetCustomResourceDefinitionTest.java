package sh.oso.korb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.storage.StorageType;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * The KafkaOffsetReset CRD generated from the api package (deploy/crds/) against the public KafkaOffsetReset
 * reference, as CustomResourceDefinitionTest checks the rollback's: each complete example is accepted by its schema,
 * unknown fields refused as {@code kubectl apply} refuses them, and reads into the Java model losing nothing; broken
 * variants are refused with the field named.
 */
class ResetCustomResourceDefinitionTest {

    static final Path CRD = Yaml.PROJECT.resolve("deploy/crds/kafkaoffsetresets.kafka.oso.sh-v1.yml");
    private static final Schema SCHEMA = Schemas.crd(CRD, KafkaOffsetRollback.VERSION);
    private static final ObjectMapper STRICT_MODEL = new ObjectMapper();

    static Stream<ReferenceExamples.Example> referenceExamples() {
        return ResetReferenceExamples.complete().stream();
    }

    @Test
    void theReferenceHoldsSevenCompleteExamples() {
        assertThat(ResetReferenceExamples.complete())
                .extracting(ReferenceExamples.Example::name)
                .containsExactly(
                        "offset-reset",
                        "reset-to-earliest",
                        "reset-to-timestamp",
                        "post-restore-reset",
                        "bulk-reset",
                        "dry-run-reset",
                        "reset-from-mapping");
        assertThat(ResetReferenceExamples.all())
                .as("and the Overview's fragment")
                .hasSize(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceExamples")
    void everyCompleteReferenceExampleIsAcceptedAndReadsIntoTheModel(ReferenceExamples.Example example)
            throws Exception {
        assertThat(Schemas.errors(SCHEMA, example.resource())).isEmpty();

        KafkaOffsetReset resource = STRICT_MODEL.treeToValue(example.resource(), KafkaOffsetReset.class);

        assertThat(resource.getMetadata().getName()).isEqualTo(example.name());
        assertThat(resource.getSpec().getStrategy().value())
                .isEqualTo(example.resource().at("/spec/strategy").asText());
        assertThat(STRICT_MODEL.readTree(STRICT_MODEL.writeValueAsString(resource.getSpec())))
                .as("nothing of the example is lost in the model")
                .isEqualTo(example.resource().get("spec"));
    }

    @Test
    void theFullSpecificationReadsEveryField() throws Exception {
        KafkaOffsetResetSpec spec = STRICT_MODEL
                .treeToValue(example("offset-reset"), KafkaOffsetReset.class)
                .getSpec();

        assertThat(spec.getKafkaCluster().getBootstrapServers())
                .containsExactly("kafka-0.kafka.svc:9092", "kafka-1.kafka.svc:9092");
        assertThat(spec.getKafkaCluster().getSaslSecret().getMechanism()).isEqualTo(SaslMechanism.SCRAM_SHA_256);
        assertThat(spec.getConsumerGroups())
                .containsExactly("order-processor", "payment-handler", "notification-service");
        assertThat(spec.getTopics()).containsExactly("orders", "payments");
        assertThat(spec.getStrategy()).isEqualTo(OffsetResetStrategy.TIMESTAMP);
        assertThat(spec.getTimestamp()).isEqualTo("2024-12-01T12:00:00Z");
        assertThat(spec.getOffset()).isEqualTo(1000L);
        assertThat(spec.getSourceCluster()).isEqualTo("production-us-west-2");
        assertThat(spec.getScanAllPartitions()).isFalse();
        assertThat(spec.getMappingConfigMap().getName()).isEqualTo("offset-mapping");
        assertThat(spec.getMappingConfigMap().getKey()).isEqualTo("mapping.json");
        assertThat(spec.createsSnapshot()).isTrue();
        assertThat(spec.getSnapshotId()).isEqualTo("pre-reset-snapshot");
        assertThat(spec.getParallelism()).isEqualTo(10);
        assertThat(spec.getDryRun()).isFalse();
        assertThat(spec.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
        assertThat(spec.getJob().getActiveDeadlineSeconds()).isEqualTo(1800L);
        assertThat(spec.getStorage()).as("the reference names no store").isNull();
    }

    @Test
    void korbsOwnStrategiesAndTheRollbacksStorageAreAccepted() throws Exception {
        List<ObjectNode> variants = List.of(
                changed(spec -> spec.put("strategy", "shiftBy").put("shiftBy", -100)),
                changed(spec -> spec.put("strategy", "duration").put("duration", "PT1H")),
                changed(spec -> spec.put("strategy", "duration").put("duration", "1h30m")),
                changed(spec -> spec.put("strategy", "fromGroup").put("fromGroup", "other-group")),
                changed(spec -> {
                    spec.put("strategy", "latest").putArray("topics").add("orders");
                    spec.putArray("partitions").add(0).add(1).add(2);
                }),
                changed(spec -> spec.put("strategy", "timestamp").put("timestampMillis", 1701432000000L)),
                changed(spec -> spec.put("strategy", "offset").put("offset", 0)),
                changed(spec -> {
                    spec.put("createSnapshot", false);
                    spec.putObject("storage")
                            .put("storageType", "s3")
                            .putObject("s3")
                            .put("bucket", "b");
                }));

        for (ObjectNode variant : variants) {
            assertThat(Schemas.errors(SCHEMA, variant)).as(variant.toString()).isEmpty();
            assertThat(STRICT_MODEL.readTree(STRICT_MODEL.writeValueAsString(STRICT_MODEL
                            .treeToValue(variant, KafkaOffsetReset.class)
                            .getSpec())))
                    .isEqualTo(variant.get("spec"));
        }
        KafkaOffsetResetSpec shift = STRICT_MODEL
                .treeToValue(variants.get(0), KafkaOffsetReset.class)
                .getSpec();
        assertThat(shift.getStrategy()).isEqualTo(OffsetResetStrategy.SHIFT_BY);
        assertThat(shift.getShiftBy()).isEqualTo(-100L);
        KafkaOffsetResetSpec noUndo = STRICT_MODEL
                .treeToValue(variants.get(7), KafkaOffsetReset.class)
                .getSpec();
        assertThat(noUndo.createsSnapshot()).isFalse();
        assertThat(noUndo.getStorage().getStorageType()).isEqualTo(StorageType.S3);
    }

    @Test
    void theStrategiesAreTheReferencesSixAndKorbsThree() {
        List<String> allowed = new ArrayList<>();
        Yaml.read(CRD).at(SPEC + "/strategy/enum").forEach(value -> allowed.add(value.asText()));

        assertThat(allowed)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(OffsetResetStrategy.values())
                        .map(OffsetResetStrategy::value)
                        .toList())
                .containsExactlyInAnyOrder(
                        "earliest",
                        "latest",
                        "timestamp",
                        "offset",
                        "headerBased",
                        "fromMapping",
                        "shiftBy",
                        "duration",
                        "fromGroup");
    }

    @Test
    void unknownFieldsAreRefusedWhereverTheyAre() {
        assertThat(Schemas.errors(SCHEMA, changed(spec -> spec.set("consumerGroup", spec.remove("consumerGroups")))))
                .anySatisfy(error -> assertThat(error).contains("consumerGroup").doesNotContain("consumerGroups"));
        assertThat(Schemas.errors(SCHEMA, changed(spec -> spec.put("resetTo", "earliest"))))
                .singleElement()
                .asString()
                .contains("resetTo");
        assertThat(Schemas.errors(
                        SCHEMA,
                        changed(spec -> spec.putObject("mappingConfigMap")
                                .put("name", "m")
                                .put("key", "k")
                                .put("namespace", "other"))))
                .singleElement()
                .asString()
                .contains("namespace");
        assertThat(Schemas.errors(
                        SCHEMA, changed(spec -> spec.with("kafkaCluster").put("bootstrap", "kafka:9092"))))
                .singleElement()
                .asString()
                .contains("bootstrap");
    }

    @Test
    void anUnknownStrategyAndBadValuesAreRefusedNamingTheField() {
        assertThat(Schemas.errors(SCHEMA, changed(spec -> spec.put("strategy", "beginning"))))
                .singleElement()
                .asString()
                .contains("strategy")
                .contains("enum");
        assertThat(Schemas.errors(SCHEMA, changed(spec -> spec.put("timestamp", "yesterday"))))
                .singleElement()
                .asString()
                .contains("timestamp");
        assertThat(Schemas.errors(
                        SCHEMA, changed(spec -> spec.putArray("topics").add("orders:0,1"))))
                .singleElement()
                .asString()
                .contains("topics");
        assertThat(Schemas.errors(
                        SCHEMA, changed(spec -> spec.putArray("partitions").add(-1))))
                .singleElement()
                .asString()
                .contains("partitions");
        assertThat(Schemas.errors(SCHEMA, changed(spec -> spec.put("offset", -1))))
                .singleElement()
                .asString()
                .contains("offset");
        assertThat(Schemas.errors(SCHEMA, changed(spec -> spec.put("parallelism", 0))))
                .singleElement()
                .asString()
                .contains("parallelism");
        assertThat(Schemas.errors(SCHEMA, changed(spec -> spec.put("snapshotId", "../etc/passwd"))))
                .singleElement()
                .asString()
                .contains("snapshotId");
        assertThat(Schemas.errors(SCHEMA, changed(spec -> spec.putArray("consumerGroups"))))
                .singleElement()
                .asString()
                .contains("consumerGroups");
        assertThat(Schemas.errors(
                        SCHEMA,
                        changed(spec -> spec.putObject("mappingConfigMap").put("name", "m"))))
                .singleElement()
                .asString()
                .contains("key");
    }

    @Test
    void theClusterTheGroupsAndTheStrategyAreRequired() {
        for (String field : List.of("kafkaCluster", "consumerGroups", "strategy")) {
            assertThat(Schemas.errors(SCHEMA, changed(spec -> spec.remove(field))))
                    .as(field)
                    .singleElement()
                    .asString()
                    .contains(field);
        }
    }

    @Test
    void theDefinitionIsNamespacedWithItsOwnShortNameStatusColumnsAndDefaults() {
        JsonNode crd = Yaml.read(CRD);

        assertThat(crd.at("/metadata/name").asText()).isEqualTo("kafkaoffsetresets.kafka.oso.sh");
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(crd.at("/spec/names/shortNames")).singleElement().asString().isEqualTo("\"kor\"");
        assertThat(Yaml.read(CustomResourceDefinitionTest.CRD).at("/spec/names/shortNames"))
                .as("the rollback's short names")
                .singleElement()
                .asString()
                .isEqualTo("\"korb\"");
        JsonNode version = crd.at("/spec/versions/0");
        assertThat(version.at("/subresources/status").isObject()).isTrue();
        assertThat(version.path("additionalPrinterColumns").findValuesAsText("name"))
                .containsExactlyInAnyOrder(
                        "Strategy", "Phase", "Groups Reset", "Undo Snapshot", "Run", "Run Kind", "Age");
        assertThat(version.at("/schema/openAPIV3Schema/properties/spec/x-kubernetes-validations")
                        .findValuesAsText("rule"))
                .contains("self == oldSelf");
        assertThat(crd.at(SPEC + "/createSnapshot/default").asBoolean(false)).isTrue();
        JsonNode rollbackStorage = Yaml.read(CustomResourceDefinitionTest.CRD)
                .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/storage");
        for (String part : List.of("/properties", "/required", "/x-kubernetes-validations")) {
            assertThat(crd.at(SPEC + "/storage" + part))
                    .as("the rollback's storage section, as it is: " + part)
                    .isEqualTo(rollbackStorage.at(part));
        }
        assertThat(crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/status/properties")
                        .fieldNames())
                .toIterable()
                .contains(
                        "phase",
                        "startTime",
                        "completionTime",
                        "groupsReset",
                        "snapshotId",
                        "results",
                        "conditions",
                        "run");
    }

    private static final String SPEC = "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties";

    private static JsonNode example(String name) {
        return ResetReferenceExamples.named(name);
    }

    /** The reference's reset-to-earliest example with one change. */
    static ObjectNode changed(Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(example("reset-to-earliest"));
        change.accept(resource.with("spec"));
        return resource;
    }
}
