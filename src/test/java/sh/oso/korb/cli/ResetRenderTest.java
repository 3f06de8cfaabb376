package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.api.ResetReferenceExamples;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * {@code korb render} of KafkaOffsetResets: each runnable example of the reset reference is the PipelineRun the
 * controller creates, which Tekton's schema accepts; headerBased and a reset for another engine are refused with
 * the controller's message and nothing printed.
 */
class ResetRenderTest {

    private static final Schema PIPELINE_RUN = Schemas.tekton("300-pipelinerun.yaml");

    @TempDir
    Path work;

    @Test
    void everyRunnableResetExampleRendersAPipelineRunTektonAccepts() throws Exception {
        for (ReferenceExamples.Example example : ResetReferenceExamples.complete()) {
            if (example.resource().at("/spec/strategy").asText().equals("headerBased")) {
                continue;
            }
            CliRun.Result result = CliRun.korb("render", "-f", file(example.resource()));

            assertThat(result.exitCode()).as(example + "\n" + result).isZero();
            JsonNode run = Yaml.parse(result.out());
            assertThat(run.path("kind").asText()).isEqualTo("PipelineRun");
            assertThat(run.at("/metadata/name").asText()).isEqualTo(example.name() + "-g1");
            assertThat(run.at("/metadata/labels/kafka.oso.sh~1operation").asText())
                    .isEqualTo("reset");
            assertThat(Schemas.errors(PIPELINE_RUN, run)).as(example.toString()).isEmpty();
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
    void headerBasedAndAnotherEngineAreRefusedAsTheControllerRefusesThem() throws Exception {
        CliRun.Result headerBased =
                CliRun.korb("render", "-f", file(ResetReferenceExamples.named("post-restore-reset")));
        CliRun.Result onJob =
                CliRun.korb("render", "-f", file(ResetReferenceExamples.named("reset-to-earliest")), "--engine", "job");

        assertThat(headerBased.exitCode()).isEqualTo(2);
        assertThat(headerBased.out()).isEmpty();
        assertThat(headerBased.err()).contains("headerBased is not supported").contains("fromMapping");
        assertThat(onJob.exitCode()).isEqualTo(2);
        assertThat(onJob.err()).contains("tekton engine only");
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
