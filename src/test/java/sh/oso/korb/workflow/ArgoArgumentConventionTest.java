package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our YAML holds to {@link ArgoArgumentConvention}: no argument that Argo would silently drop. */
class ArgoArgumentConventionTest {

    private static final String SAMPLE = "workflow-templates/samples/snapshot-rollback-verify.yaml";

    @Test
    void everyArgumentOurYamlPassesIsDeclared() {
        Map<String, JsonNode> shipped = ArgoArgumentConvention.shipped();

        assertThat(shipped).containsKey(SAMPLE).containsKey("workflow-templates/kafka-offset.yaml");
        assertThat(ArgoArgumentConvention.undeclared(shipped)).isEmpty();
    }

    @Test
    void aMisspeltArgumentInASampleIsCaught() {
        Map<String, JsonNode> edited = new LinkedHashMap<>(ArgoArgumentConvention.shipped());
        edited.put(SAMPLE, Runs.argoStepArguments(edited.get(SAMPLE), Map.of("consumer-group", "typo")));

        assertThat(ArgoArgumentConvention.undeclared(edited))
                .containsExactly(SAMPLE + " templates.main.steps[0][0].snapshot-rollback-verify: passes"
                        + " 'consumer-group', which WorkflowTemplate kafka-offset template snapshot-rollback-verify"
                        + " does not declare");
    }

    @Test
    void aMisspeltArgumentBetweenTheTemplatesIsCaught() {
        Map<String, JsonNode> edited = new LinkedHashMap<>(ArgoArgumentConvention.shipped());
        String file = "workflow-templates/kafka-offset.yaml";
        ObjectNode template = Yaml.copy(edited.get(file));
        for (JsonNode candidate : template.at("/spec/templates")) {
            if (candidate.path("name").asText().equals("snapshot-rollback-verify")) {
                ((ArrayNode) candidate.at("/steps/0/0/arguments/parameters"))
                        .addObject()
                        .put("name", "snapshot-ids")
                        .put("value", "x");
            }
        }
        edited.put(file, template);

        assertThat(ArgoArgumentConvention.undeclared(edited))
                .containsExactly(file + " templates.snapshot-rollback-verify.steps[0][0].snapshot: passes"
                        + " 'snapshot-ids', which template snapshot does not declare");
    }
}
