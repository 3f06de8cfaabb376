package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * Every complete example of the reference, rendered as a Job, is a valid batch/v1 Job by Kubernetes' own schema
 * with unknown fields refused ({@code tools/k8s-schemas/validate.mjs}, installed by {@code .ci/run}).
 */
class JobSchemaTest {

    private final JobEngine engine = new JobEngine(new ExecutorSettings("ghcr.io/oso-sh/korb:0.1.0", "korb-executor"));

    private static List<List<String>> errors(ArrayNode jobs) throws Exception {
        return Schemas.kubernetesJobs(jobs);
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
