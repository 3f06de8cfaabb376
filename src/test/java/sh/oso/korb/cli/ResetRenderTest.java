package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.api.ResetReferenceExamples;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.Yaml;

/**
 * {@code korb render} of KafkaOffsetResets: each runnable example of the reset reference, on every engine, is the
 * run the controller creates, which that engine's own schema accepts (Tekton's PipelineRun CRD, Argo's Workflow
 * JSON Schema, Kubernetes' batch/v1 Job); headerBased and a reset for an engine not enabled are refused with the
 * controller's message and nothing printed.
 */
class ResetRenderTest {

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
        List<JsonNode> runs = new ArrayList<>();
        for (ReferenceExamples.Example example : examples) {
            JsonNode run = Yaml.parse(RenderCommandTest.render(engine, example, file(example.resource()))
                    .out());
            assertThat(run.at("/metadata/labels/kafka.oso.sh~1operation").asText())
                    .isEqualTo("reset");
            runs.add(run);
        }
        RenderCommandTest.assertItsEngineAcceptsEach(engine, examples, runs);
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
