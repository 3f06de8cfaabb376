package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.workflow.Yaml;

/**
 * Every complete example of the reference, rendered as a Job, is a valid batch/v1 Job by Kubernetes' own schema
 * with unknown fields refused ({@code tools/k8s-schemas/validate.mjs}, installed by {@code .ci/run}).
 */
class JobSchemaTest {

    private static final Path TOOL = Yaml.PROJECT.resolve("tools/k8s-schemas");
    private final JobEngine engine = new JobEngine(new ExecutorSettings("ghcr.io/oso-sh/korb:0.1.0", "korb-executor"));

    /** Each document's schema errors, one line each. */
    static List<List<String>> errors(ArrayNode jobs) throws Exception {
        assertThat(TOOL.resolve("node_modules/kubernetes-models"))
                .as("install the validators: npm ci --prefix tools/k8s-schemas")
                .exists();
        Path input = Files.createTempFile("jobs", ".json");
        Path output = Files.createTempFile("errors", ".json");
        try {
            Files.writeString(input, jobs.toString());
            Process node = new ProcessBuilder("node", "validate.mjs")
                    .directory(TOOL.toFile())
                    .redirectInput(input.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(new File(output + ".err")))
                    .start();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
            assertThat(node.exitValue())
                    .as(() -> readQuietly(Path.of(output + ".err")))
                    .isZero();
            List<List<String>> errors = new ArrayList<>();
            for (JsonNode each : new ObjectMapper().readTree(Files.readString(output, StandardCharsets.UTF_8))) {
                List<String> lines = new ArrayList<>();
                each.forEach(line -> lines.add(line.asText()));
                errors.add(lines);
            }
            return errors;
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
            Files.deleteIfExists(Path.of(output + ".err"));
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }

    private JsonNode rendered(String name) {
        return Yaml.parse(Serialization.asYaml(engine.render(JobEngineTest.example(name, each -> {}))));
    }

    @Test
    void everyReferenceExampleRendersAJobKubernetesSchemaAccepts() throws Exception {
        ArrayNode jobs = new ObjectMapper().createArrayNode();
        List<ReferenceExamples.Example> examples = ReferenceExamples.complete();
        examples.forEach(example -> jobs.add(rendered(example.name())));

        List<List<String>> errors = errors(jobs);

        assertThat(errors).hasSize(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            assertThat(errors.get(i)).as(examples.get(i).toString()).isEmpty();
        }
    }

    @Test
    void theSchemaRefusesAnUnknownFieldAndAWrongType() throws Exception {
        ObjectNode misspelt = (ObjectNode) rendered("offset-rollback");
        misspelt.with("spec").put("backofLimit", 3);
        ObjectNode container = (ObjectNode) misspelt.at("/spec/template/spec/containers/0");
        container.put("imagePullSecret", "registry");
        ObjectNode wrongType = (ObjectNode) rendered("offset-rollback");
        wrongType.with("spec").put("activeDeadlineSeconds", "ten minutes");

        List<List<String>> errors =
                errors(new ObjectMapper().createArrayNode().add(misspelt).add(wrongType));

        assertThat(errors.get(0))
                .anySatisfy(
                        line -> assertThat(line).contains(".spec.backofLimit").contains("unknown field"))
                .anySatisfy(line -> assertThat(line)
                        .contains(".spec.template.spec.containers[0].imagePullSecret")
                        .contains("unknown field"));
        assertThat(errors.get(1)).anySatisfy(line -> assertThat(line).contains("activeDeadlineSeconds"));
    }
}
