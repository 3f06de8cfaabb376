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
 * The CRD generated from the api package (deploy/crds/) against the public reference: each complete example is
 * accepted by its schema, with unknown fields refused as {@code kubectl apply} refuses them, and reads into the
 * Java model; broken variants are refused with the field named.
 */
class CustomResourceDefinitionTest {

    static final Path CRD = Yaml.PROJECT.resolve("deploy/crds/kafkaoffsetrollbacks.kafka.oso.sh-v1.yml");
    private static final Schema SCHEMA = Schemas.crd(CRD, KafkaOffsetRollback.VERSION);
    private static final ObjectMapper STRICT_MODEL = new ObjectMapper();

    static Stream<ReferenceExamples.Example> referenceExamples() {
        return ReferenceExamples.complete().stream();
    }

    @Test
    void theReferenceHoldsThirteenCompleteExamples() {
        assertThat(ReferenceExamples.complete())
                .extracting(ReferenceExamples.Example::name)
                .containsExactly(
                        "offset-rollback",
                        "create-snapshot",
                        "do-rollback",
                        "verify-offsets",
                        "delete-snapshot",
                        "pre-migration-snapshot",
                        "emergency-rollback",
                        "verify-rollback",
                        "quick-snapshot",
                        "cleanup-old-snapshot",
                        "step1-snapshot",
                        "step2-rollback",
                        "step3-verify");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceExamples")
    void everyCompleteReferenceExampleIsAcceptedAndReadsIntoTheModel(ReferenceExamples.Example example)
            throws Exception {
        assertThat(Schemas.errors(SCHEMA, example.resource())).isEmpty();

        KafkaOffsetRollback resource = STRICT_MODEL.treeToValue(example.resource(), KafkaOffsetRollback.class);

        assertThat(resource.getMetadata().getName()).isEqualTo(example.name());
        assertThat(resource.getSpec().getSnapshotId())
                .isEqualTo(example.resource().at("/spec/snapshotId").asText());
        assertThat(resource.getSpec().getOperation().value())
                .isEqualTo(example.resource().at("/spec/operation").asText());
        assertThat(STRICT_MODEL.readTree(STRICT_MODEL.writeValueAsString(resource.getSpec())))
                .as("nothing of the example is lost in the model")
                .isEqualTo(example.resource().get("spec"));
    }

    @Test
    void theFullSpecificationReadsEveryField() throws Exception {
        KafkaOffsetRollback full = STRICT_MODEL.treeToValue(example("offset-rollback"), KafkaOffsetRollback.class);

        KafkaOffsetRollbackSpec spec = full.getSpec();
        assertThat(spec.getKafkaCluster().getBootstrapServers())
                .containsExactly("kafka-0.kafka.svc:9092", "kafka-1.kafka.svc:9092");
        assertThat(spec.getKafkaCluster().getSecurityProtocol()).isEqualTo(SecurityProtocol.SASL_SSL);
        assertThat(spec.getKafkaCluster().getSaslSecret().getMechanism()).isEqualTo(SaslMechanism.SCRAM_SHA_256);
        assertThat(spec.getKafkaCluster().getTlsSecret().getCaKey()).isEqualTo("ca.crt");
        assertThat(spec.getStorage().getStorageType()).isEqualTo(StorageType.S3);
        assertThat(spec.getStorage().getS3().getBucket()).isEqualTo("kafka-offset-snapshots");
        assertThat(spec.getVerify().getStrict()).isTrue();
        assertThat(spec.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
        assertThat(spec.getJob().getBackoffLimit()).isEqualTo(3);
        assertThat(spec.getJob().getActiveDeadlineSeconds()).isEqualTo(600L);
        assertThat(spec.getJob().getTtlSecondsAfterFinished()).isEqualTo(3600L);
    }

    @Test
    void bothSpellingsOfTheConfigMapStoreAreAccepted() throws Exception {
        ObjectNode lowercase = broken(spec -> spec.with("storage").put("storageType", "configmap"));

        assertThat(Schemas.errors(SCHEMA, lowercase)).isEmpty();
        StorageType type = STRICT_MODEL
                .treeToValue(lowercase, KafkaOffsetRollback.class)
                .getSpec()
                .getStorage()
                .getStorageType();
        assertThat(type.value()).isEqualTo("configMap");
    }

    @Test
    void theStorageTypesAreTheExecutorsStoresPlusTheReferencesSecondSpelling() {
        JsonNode storageType = Yaml.read(CRD)
                .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties"
                        + "/storage/properties/storageType");
        List<String> spellings = new ArrayList<>(
                Arrays.stream(StorageType.values()).map(StorageType::value).toList());
        spellings.add("configmap");
        List<String> allowed = new ArrayList<>();
        storageType.path("enum").forEach(value -> allowed.add(value.asText()));

        assertThat(allowed).containsExactlyInAnyOrderElementsOf(spellings);
        // The description is an annotation's constant, not generated: a new store must be added to it by hand.
        assertThat(storageType.path("description").asText())
                .as("the CRD's storageType description")
                .contains(spellings);
    }

    @Test
    void anUnknownOperationIsRefused() {
        assertThat(Schemas.errors(SCHEMA, broken(spec -> spec.put("operation", "restore"))))
                .singleElement()
                .asString()
                .contains("operation")
                .contains("enum");
    }

    @Test
    void anUnknownStorageTypeIsRefused() {
        assertThat(Schemas.errors(SCHEMA, broken(spec -> spec.with("storage").put("storageType", "nfs"))))
                .singleElement()
                .asString()
                .contains("storageType")
                .contains("enum");
    }

    @Test
    void aMissingSnapshotIdIsRefused() {
        assertThat(Schemas.errors(SCHEMA, broken(spec -> spec.remove("snapshotId"))))
                .singleElement()
                .asString()
                .contains("snapshotId");
    }

    @Test
    void aMisspelledFieldIsRefused() {
        ObjectNode misspelled = broken(spec -> spec.set("consumerGroup", spec.remove("consumerGroups")));

        assertThat(Schemas.errors(SCHEMA, misspelled))
                .singleElement()
                .asString()
                .contains("consumerGroup");
    }

    @Test
    void anUnsafeSnapshotIdAndAnEmptyServerListAreRefused() {
        assertThat(Schemas.errors(SCHEMA, broken(spec -> spec.put("snapshotId", "../etc/passwd"))))
                .singleElement()
                .asString()
                .contains("snapshotId");
        assertThat(Schemas.errors(
                        SCHEMA, broken(spec -> spec.with("kafkaCluster").putArray("bootstrapServers"))))
                .singleElement()
                .asString()
                .contains("bootstrapServers");
    }

    @Test
    void theDefinitionIsNamespacedWithShortNameStatusAndColumns() {
        JsonNode crd = Yaml.read(CRD);

        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("korb");
        JsonNode version = crd.at("/spec/versions/0");
        assertThat(version.at("/subresources/status").isObject()).isTrue();
        assertThat(version.path("additionalPrinterColumns").findValuesAsText("name"))
                .containsExactlyInAnyOrder("Operation", "Snapshot", "Phase", "Run", "Run Kind", "Age");
        assertThat(version.at("/schema/openAPIV3Schema/properties/spec/x-kubernetes-validations")
                        .findValuesAsText("rule"))
                .contains("self == oldSelf");
    }

    private static JsonNode example(String name) {
        return ReferenceExamples.named(name);
    }

    /** The reference's create-snapshot example with one change. */
    private static ObjectNode broken(Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(example("create-snapshot"));
        change.accept(resource.with("spec"));
        return resource;
    }
}
