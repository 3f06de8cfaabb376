package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * {@code korb render}: every complete example of the reference, for every engine, is a run that engine's own schema
 * accepts with unknown fields refused (Tekton's PipelineRun CRD, Argo's Workflow JSON Schema, Kubernetes' batch/v1
 * Job); bad input is refused with the controller's message and nothing printed.
 */
class RenderCommandTest {

    private static final Schema PIPELINE_RUN = Schemas.tekton("300-pipelinerun.yaml");
    private static final Schema WORKFLOW = Schemas.argo("io.argoproj.workflow.v1alpha1.Workflow");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void everyCompleteReferenceExampleRendersARunItsEngineAccepts(EngineKind engine) throws Exception {
        List<ReferenceExamples.Example> examples = ReferenceExamples.complete();
        List<JsonNode> runs = new ArrayList<>();
        for (ReferenceExamples.Example example : examples) {
            CliRun.Result result = render(engine, example, file(example.resource()));
            JsonNode run = Yaml.parse(result.out());
            assertThat(run.at("/metadata/namespace").asText())
                    .isEqualTo(example.resource().at("/metadata/namespace").asText("default"));
            assertNamesItsSecretsAndHoldsNoSecretData(engine, example, run, result.out());
            runs.add(run);
        }
        assertItsEngineAcceptsEach(engine, examples, runs);
    }

    /** korb render of the example's file on the engine: a run of that engine's kind, named after the example. */
    static CliRun.Result render(EngineKind engine, ReferenceExamples.Example example, String file) {
        CliRun.Result result = CliRun.korb("render", "-f", file, "--engine", engine.value());

        assertThat(result.exitCode()).as(example + "\n" + result).isZero();
        assertThat(result.err()).as(example.toString()).isEmpty();
        JsonNode run = Yaml.parse(result.out());
        assertThat(run.path("apiVersion").asText()).isEqualTo(engine.apiVersion());
        assertThat(run.path("kind").asText()).isEqualTo(engine.runKind());
        assertThat(run.at("/metadata/name").asText()).isEqualTo(example.name() + "-g1");
        return result;
    }

    /**
     * Each run accepted by its engine's own schema, unknown fields refused: Tekton's PipelineRun CRD, Argo's
     * Workflow JSON Schema, Kubernetes' batch/v1 Job (all Jobs in one call of tools/k8s-schemas).
     */
    static void assertItsEngineAcceptsEach(
            EngineKind engine, List<ReferenceExamples.Example> examples, List<JsonNode> runs) throws Exception {
        switch (engine) {
            case TEKTON, ARGO -> {
                for (int i = 0; i < runs.size(); i++) {
                    assertThat(Schemas.errors(engine == EngineKind.TEKTON ? PIPELINE_RUN : WORKFLOW, runs.get(i)))
                            .as(examples.get(i).toString())
                            .isEmpty();
                }
            }
            case JOB -> {
                ArrayNode jobs = JSON.createArrayNode();
                runs.forEach(jobs::add);
                List<List<String>> errors = Schemas.kubernetesJobs(jobs);
                assertThat(errors).hasSize(examples.size());
                for (int i = 0; i < examples.size(); i++) {
                    assertThat(errors.get(i)).as(examples.get(i).toString()).isEmpty();
                }
            }
        }
    }

    /**
     * A pattern reaches the executor as KORB_GROUP_PATTERN on every engine, and the groups stay unset: the Tekton
     * param and Argo input keep their empty defaults, and the Job's args end with a bare --consumer-groups (the
     * Task's empty $(params.consumer-groups[*])), which the executor reads as not given.
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aPatternIsTheGroupPatternOnEveryEngine(EngineKind engine) throws Exception {
        ReferenceExamples.Example example =
                new ReferenceExamples.Example("create-snapshot", edited("create-snapshot", resource -> {
                    resource.with("spec").remove("consumerGroups");
                    resource.with("spec").put("consumerGroupPattern", "order-.*");
                }));

        JsonNode run =
                Yaml.parse(render(engine, example, file(example.resource())).out());

        switch (engine) {
            case TEKTON -> {
                assertThat(named(run.at("/spec/params"), "group-pattern")
                                .path("value")
                                .asText())
                        .isEqualTo("order-.*");
                assertThat(named(run.at("/spec/params"), "consumer-groups").isMissingNode())
                        .isTrue();
            }
            case ARGO -> {
                JsonNode arguments = run.at("/spec/arguments/parameters");
                assertThat(named(arguments, "group-pattern").path("value").asText())
                        .isEqualTo("order-.*");
                assertThat(named(arguments, "consumer-groups").isMissingNode()).isTrue();
                assertThat(named(run.at("/spec/templates/0/container/env"), "KORB_GROUP_PATTERN")
                                .path("value")
                                .asText())
                        .isEqualTo("{{inputs.parameters.group-pattern}}");
            }
            case JOB -> {
                JsonNode container = run.at("/spec/template/spec/containers/0");
                assertThat(named(container.path("env"), "KORB_GROUP_PATTERN")
                                .path("value")
                                .asText())
                        .isEqualTo("order-.*");
                assertThat(named(container.path("env"), "KORB_ALL_GROUPS")
                                .path("value")
                                .asText())
                        .isEqualTo("false");
                assertThat(container.path("args").toString()).isEqualTo("[\"snapshot\",\"--consumer-groups\"]");
            }
        }
        assertItsEngineAcceptsEach(engine, List.of(example), List.of(run));
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The checks above catch a misspelt field: a broken run is refused by each schema. */
    @Test
    void theSchemasRefuseAnUnknownFieldInARenderedRun() throws Exception {
        JsonNode example = ReferenceExamples.named("offset-rollback");
        List<JsonNode> broken = new ArrayList<>();
        for (EngineKind engine : EngineKind.values()) {
            ObjectNode run =
                    (ObjectNode) Yaml.parse(CliRun.korb("render", "-f", file(example), "--engine", engine.value())
                            .out());
            run.with("spec").put("retryLimit", 3);
            broken.add(run);
        }

        assertThat(Schemas.errors(PIPELINE_RUN, broken.get(0)))
                .anySatisfy(line -> assertThat(line).contains("retryLimit"));
        assertThat(Schemas.errors(WORKFLOW, broken.get(1)))
                .anySatisfy(line -> assertThat(line).contains("retryLimit"));
        assertThat(Schemas.kubernetesJobs(JSON.createArrayNode().add(broken.get(2)))
                        .get(0))
                .anySatisfy(line -> assertThat(line).contains("retryLimit"));
    }

    @Test
    void aFileOfSeveralResourcesRendersEachInOrderAndTheAnnotationPicksTheEngine() throws Exception {
        ObjectNode snapshot = Yaml.copy(ReferenceExamples.named("pre-migration-snapshot"));
        ObjectNode rollback = Yaml.copy(ReferenceExamples.named("offset-rollback"));
        rollback.with("metadata").with("annotations").put("korb.oso.sh/engine", "job");
        rollback.with("metadata").put("namespace", "kafka-backup");
        Path both = work.resolve("both.yaml");
        Files.writeString(both, Yaml.write(snapshot) + "---\n" + Yaml.write(rollback));

        CliRun.Result result = new CliRun()
                .env("KORB_ENGINE", "argo")
                .env("KORB_ENGINES", "job")
                .run("render", "-f", both.toString());
        CliRun.Result notEnabled = new CliRun().env("KORB_ENGINE", "argo").run("render", "-f", both.toString());

        assertThat(notEnabled.exitCode())
                .as("as the controller: job is not among its engines")
                .isEqualTo(2);
        assertThat(notEnabled.err())
                .isEqualTo("error: metadata.annotations[korb.oso.sh/engine]: engine job is not enabled in this"
                        + " installation, which runs argo; create the resource again without the annotation or naming"
                        + " one of those, or enable the engine (korb controller --engines) and create it again\n");
        assertThat(notEnabled.out()).as("all or nothing").isEmpty();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> runs = documents(result.out());
        assertThat(runs)
                .extracting(run -> run.path("kind").asText() + " "
                        + run.at("/metadata/namespace").asText() + "/"
                        + run.at("/metadata/name").asText())
                .containsExactly("Workflow default/pre-migration-snapshot-g1", "Job kafka-backup/offset-rollback-g1");
    }

    @Test
    void standardInAndTheNamespaceFlag() throws Exception {
        byte[] yaml = Yaml.write(ReferenceExamples.named("offset-rollback")).getBytes(StandardCharsets.UTF_8);
        InputStream stdin = System.in;
        CliRun.Result result;
        try {
            System.setIn(new ByteArrayInputStream(yaml));
            result =
                    CliRun.korb("render", "-f", "-", "-n", "kafka-backup", "--executor-image", "registry.local/korb:1");
        } finally {
            System.setIn(stdin);
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode run = Yaml.parse(result.out());
        assertThat(run.path("kind").asText()).isEqualTo("PipelineRun");
        assertThat(run.at("/metadata/namespace").asText()).isEqualTo("kafka-backup");
        assertThat(result.out()).contains("registry.local/korb:1");
    }

    @Test
    void anInvalidSpecIsRefusedWithTheControllersMessageAndNothingIsPrinted() throws Exception {
        ObjectNode valid = Yaml.copy(ReferenceExamples.named("pre-migration-snapshot"));
        ObjectNode invalid = Yaml.copy(ReferenceExamples.named("offset-rollback"));
        invalid.with("spec").remove("consumerGroups");
        Path file = work.resolve("resources.yaml");
        Files.writeString(file, Yaml.write(valid) + "---\n" + Yaml.write(invalid));

        CliRun.Result result = CliRun.korb("render", "-f", file.toString(), "--engine", "job");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).singleElement().asString().startsWith("error: spec.consumerGroups");
    }

    @Test
    void anUnknownFieldIsRefusedNamingItsPath() throws Exception {
        String typo = Yaml.write(edited(
                "offset-rollback",
                resource -> resource.with("spec")
                        .with("kafkaCluster")
                        .putArray("bootstrapServer")
                        .add("kafka:9092")));

        CliRun.Result result = CliRun.korb("render", "-f", write(typo));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("spec.kafkaCluster.bootstrapServer").contains("unknown field");
    }

    @Test
    void anotherKindAMissingNameAndAnUnknownEngineAreRefused() throws Exception {
        CliRun.Result otherKind =
                CliRun.korb("render", "-f", write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"));
        CliRun.Result noName = CliRun.korb(
                "render",
                "-f",
                write(Yaml.write(edited(
                        "offset-rollback", resource -> resource.with("metadata").remove("name")))));
        CliRun.Result unknownEngine =
                CliRun.korb("render", "-f", file(ReferenceExamples.named("offset-rollback")), "--engine", "airflow");
        CliRun.Result unknownAnnotation = CliRun.korb(
                "render",
                "-f",
                write(Yaml.write(edited(
                        "offset-rollback",
                        resource ->
                                resource.with("metadata").with("annotations").put("korb.oso.sh/engine", "airflow")))));

        assertThat(otherKind.exitCode()).isEqualTo(2);
        assertThat(otherKind.err()).contains("v1 ConfigMap is not a KafkaOffsetRollback");
        assertThat(noName.exitCode()).isEqualTo(2);
        assertThat(noName.err()).contains("metadata.name is required");
        assertThat(unknownEngine.exitCode()).isEqualTo(2);
        assertThat(unknownEngine.err()).contains("'airflow' is not an engine: use tekton, argo or job");
        assertThat(unknownAnnotation.exitCode()).isEqualTo(2);
        assertThat(unknownAnnotation.err())
                .contains("metadata.annotations[korb.oso.sh/engine]: 'airflow' is not an engine");
        for (CliRun.Result result : List.of(otherKind, noName, unknownEngine, unknownAnnotation)) {
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void theHelpOfRenderAndControllerNamesTheEngines() {
        String render = CliRun.korb("render", "--help").out();
        String controller = CliRun.korb("controller", "--help").out();

        for (String help : List.of(render, controller)) {
            assertThat(help)
                    .contains("--engine=ENGINE", "tekton", "argo", "job", "korb.oso.sh/engine", "--executor-image");
        }
        assertThat(controller).contains("--engines=ENGINE");
        assertThat(render).contains("-f, --filename=FILE");
    }

    /** Secrets are named by the run (mounted by its engine), never carried in it. */
    /**
     * Tekton's workspaces and the Job's volumes name a Secret as {@code secretName}; Argo's embedded template takes
     * the name as a workflow argument ({@code kafka-tls-secret}, {@code kafka-sasl-secret}) and mounts it itself.
     */
    private static void assertNamesItsSecretsAndHoldsNoSecretData(
            EngineKind engine, ReferenceExamples.Example example, JsonNode run, String yaml) {
        JsonNode cluster = example.resource().at("/spec/kafkaCluster");
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("kafka-tls-secret", cluster.at("/tlsSecret/name").asText());
        secrets.put("kafka-sasl-secret", cluster.at("/saslSecret/name").asText());
        secrets.forEach((argument, secret) -> {
            if (secret.isEmpty()) {
                return;
            }
            if (engine == EngineKind.ARGO) {
                assertThat(run.at("/spec/arguments/parameters"))
                        .as(example + ": " + argument)
                        .anySatisfy(parameter -> {
                            assertThat(parameter.path("name").asText()).isEqualTo(argument);
                            assertThat(parameter.path("value").asText()).isEqualTo(secret);
                        });
            } else {
                assertThat(yaml).as(example.toString()).contains("secretName: " + secret);
            }
        });
        assertThat(yaml).doesNotContain("stringData").doesNotContain("kind: Secret");
    }

    private static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        for (String document : yaml.split("(?m)^---$")) {
            documents.add(Yaml.parse(document));
        }
        return documents;
    }

    private static ObjectNode edited(String name, Consumer<ObjectNode> change) {
        ObjectNode copy = Yaml.copy(ReferenceExamples.named(name));
        change.accept(copy);
        return copy;
    }

    private String file(JsonNode resource) throws Exception {
        return write(Yaml.write(resource));
    }

    private String write(String yaml) throws Exception {
        Path file = Files.createTempFile(work, "resource", ".yaml");
        Files.writeString(file, yaml);
        return file.toString();
    }
}
