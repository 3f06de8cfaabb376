package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Edits a sample run the way a user fills in its params before submitting it. */
final class Runs {

    private Runs() {}

    /** Sets the arguments of the entrypoint's first step, as a user fills in the sample Workflow. */
    static ObjectNode argoStepArguments(JsonNode workflow, Map<String, String> values) {
        ObjectNode copy = Yaml.copy(workflow);
        ArrayNode parameters = (ArrayNode) copy.at("/spec/templates/0/steps/0/0/arguments/parameters");
        values.forEach((name, value) -> {
            ObjectNode parameter = null;
            for (JsonNode existing : parameters) {
                if (existing.path("name").asText().equals(name)) {
                    parameter = (ObjectNode) existing;
                }
            }
            (parameter == null ? parameters.addObject().put("name", name) : parameter).put("value", value);
        });
        return copy;
    }

    /** Sets Tekton {@code spec.params} entries (a List value makes an array param). */
    static ObjectNode tektonParams(JsonNode run, Map<String, Object> values) {
        ObjectNode copy = Yaml.copy(run);
        ArrayNode params = (ArrayNode) copy.with("spec").withArray("params");
        values.forEach((name, value) -> {
            ObjectNode param = null;
            for (JsonNode existing : params) {
                if (existing.path("name").asText().equals(name)) {
                    param = (ObjectNode) existing;
                }
            }
            if (param == null) {
                param = params.addObject().put("name", name);
            }
            if (value instanceof List<?> items) {
                ArrayNode array = param.putArray("value");
                items.forEach(item -> array.add(item.toString()));
            } else {
                param.put("value", value.toString());
            }
        });
        return copy;
    }
}
