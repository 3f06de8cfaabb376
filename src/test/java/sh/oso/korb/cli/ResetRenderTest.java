package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.api.ResetReferenceExamples;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * {@code korb render} of KafkaOffsetResets: each runnable example of the reset reference, on every engine, is the
 * run the controller creates, which that engine's own schema accepts (Tekton's PipelineRun CRD, Argo's Workflow
 * JSON Schema, Kubernetes' batch/v1 Job); headerBased and a reset for an engine not enabled are refused with the
 * controller's message and nothing printed.
 */
class ResetRenderTest {

    private static final Schema PIPELINE_RUN = Schemas.tekton("300-pipelinerun.yaml");
    private static final Schema WORKFLOW = Schemas.argo("io.argoproj.workflow.v1alpha1.Workflow");

    @TempDir
    Path work;

    /** As RenderCommandTest holds each rollback's run to its engine's own schema, unknown fields refused. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void everyRunnableResetExampleRendersARunItsEngineAccepts(EngineKind engine) throws Exception {
        List<ReferenceExamples.Example> examples = ResetReferenceExamples.complete().stream()
                .filter(example ->
                        !example.resource().at("/spec/strategy").asText().equals("headerBased"))
                .toList();
        ArrayNode jobs = Yaml.MAPPER.createArrayNode();
        for (ReferenceExamples.Example example : examples) {
            CliRun.Result result = CliRun.korb("render", "-f", file(example.resource()), "--engine", engine.value());

            assertThat(result.exitCode()).as(example + "\n" + result).isZero();
            assertThat(result.err()).as(example.toString()).isEmpty();
            JsonNode run = Yaml.parse(result.out());
            assertThat(run.path("apiVersion").asText()).isEqualTo(engine.apiVersion());
            assertThat(run.path("kind").asText()).isEqualTo(engine.runKind());
            assertThat(run.at("/metadata/name").asText()).isEqualTo(example.name() + "-g1");
            assertThat(run.at("/metadata/labels/kafka.oso.sh~1operation").asText())
                    .isEqualTo("reset");
            switch (engine) {
                case TEKTON ->
                    assertThat(Schemas.errors(PIPELINE_RUN, run))
                            .as(example.toString())
                            .isEmpty();
                case ARGO ->
                    assertThat(Schemas.errors(WORKFLOW, run))
                            .as(example.toString())
                            .isEmpty();
                case JOB -> jobs.add(run);
            }
        }
        if (engine == EngineKind.JOB) {
            List<List<String>> errors = Schemas.kubernetesJobs(jobs);
            assertThat(errors).hasSize(examples.size());
            for (int i = 0; i < examples.size(); i++) {
                assertThat(errors.get(i)).as(examples.get(i).toString()).isEmpty();
            }
        }
    }

    @Test
    void aRollbackAndAResetRenderTogether() throws Exception {
        Path both = work.resolve("both.yaml");
        Files.writeString(
                both,
                Yaml.write(ReferenceExamples.named("create-snapshot")) + "---\n"
                        + Yaml.write(ResetReferenceExamples.named("reset-to-earliest")));

        CliRun.Result result = CliRun.korb("render", "-f", both.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Yaml.MAPPER
                        .readerFor(JsonNode.class)
                        .readValues(result.out())
                        .readAll())
                .extracting(run -> ((JsonNode) run).at("/metadata/name").asText())
                .containsExactly("create-snapshot-g1", "reset-to-earliest-g1");
    }

    @Test
    void headerBasedAndADisabledEngineAreRefusedAsTheControllerRefusesThem() throws Exception {
        CliRun.Result headerBased =
                CliRun.korb("render", "-f", file(ResetReferenceExamples.named("post-restore-reset")));
        ObjectNode onJob = Yaml.copy(ResetReferenceExamples.named("reset-to-earliest"));
        onJob.with("metadata").with("annotations").put("korb.oso.sh/engine", "job");
        CliRun.Result notEnabled = new CliRun().env("KORB_ENGINES", "tekton").run("render", "-f", file(onJob));
        CliRun.Result annotated = new CliRun().env("KORB_ENGINES", "job").run("render", "-f", file(onJob));

        assertThat(headerBased.exitCode()).isEqualTo(2);
        assertThat(headerBased.out()).isEmpty();
        assertThat(headerBased.err()).contains("headerBased is not supported").contains("fromMapping");
        assertThat(notEnabled.exitCode()).isEqualTo(2);
        assertThat(notEnabled.out()).isEmpty();
        assertThat(notEnabled.err()).contains("engine job is not enabled in this installation, which runs tekton");
        assertThat(annotated.exitCode()).as(annotated.toString()).isZero();
        assertThat(Yaml.parse(annotated.out()).path("kind").asText()).isEqualTo("Job");
    }

    @Test
    void anUnknownFieldOfAResetIsRefusedNamingIt() throws Exception {
        ObjectNode reset = Yaml.copy(ResetReferenceExamples.named("reset-to-earliest"));
        reset.with("spec").put("resetTo", "earliest");

        CliRun.Result result = CliRun.korb("render", "-f", file(reset));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown field \"resetTo\"").contains("KafkaOffsetReset");
    }

    private String file(JsonNode resource) throws Exception {
        Path file = Files.createTempFile(work, "resource", ".yaml");
        Files.writeString(file, Yaml.write(resource));
        return file.toString();
    }
}
