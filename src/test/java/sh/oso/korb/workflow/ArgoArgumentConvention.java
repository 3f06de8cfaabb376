package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Our convention for the Argo YAML we ship, stricter than Argo: every argument a step or DAG task passes to a
 * template is one of that template's declared inputs. Argo ignores an argument no input declares
 * ({@code common.ProcessArgs} looks up declared inputs only), so a misspelt parameter would silently lose its value
 * and the template would run with its default.
 */
final class ArgoArgumentConvention {

    private ArgoArgumentConvention() {}

    /** Every WorkflowTemplate, ClusterWorkflowTemplate and sample Workflow under workflow-templates/, by file. */
    static Map<String, JsonNode> shipped() {
        Map<String, JsonNode> resources = new LinkedHashMap<>();
        for (var file : Yaml.tree("workflow-templates")) {
            resources.put(Yaml.PROJECT.relativize(file).toString(), Yaml.read(file));
        }
        return resources;
    }

    /**
     * The arguments, among these resources (by where they come from), that name no input of the template they are
     * passed to; {@code templateRef} targets are looked up among the same resources.
     */
    static List<String> undeclared(Map<String, JsonNode> resources) {
        List<String> found = new ArrayList<>();
        resources.forEach((source, resource) -> {
            ArgoValidator.Resource local = ArgoValidator.Resource.of(resource);
            for (JsonNode template : resource.at("/spec/templates")) {
                String where = source + " templates." + template.path("name").asText();
                JsonNode groups = template.path("steps");
                for (int i = 0; i < groups.size(); i++) {
                    for (int j = 0; j < groups.get(i).size(); j++) {
                        JsonNode step = groups.get(i).get(j);
                        found.addAll(undeclared(
                                where + ".steps[" + i + "][" + j + "]."
                                        + step.path("name").asText(),
                                step,
                                local,
                                resources));
                    }
                }
                for (JsonNode task : template.at("/dag/tasks")) {
                    found.addAll(undeclared(where + ".dag." + task.path("name").asText(), task, local, resources));
                }
            }
        });
        return found;
    }

    private static List<String> undeclared(
            String where, JsonNode caller, ArgoValidator.Resource local, Map<String, JsonNode> resources) {
        String targetName;
        Optional<JsonNode> target;
        if (caller.has("templateRef")) {
            JsonNode ref = caller.get("templateRef");
            String kind = ref.path("clusterScope").asBoolean() ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
            targetName = kind + " " + ref.path("name").asText() + " template "
                    + ref.path("template").asText();
            target = resources.values().stream()
                    .filter(resource -> resource.path("kind").asText().equals(kind)
                            && resource.at("/metadata/name")
                                    .asText()
                                    .equals(ref.path("name").asText()))
                    .findFirst()
                    .map(resource -> ArgoValidator.Resource.of(resource)
                            .templates()
                            .get(ref.path("template").asText()));
        } else {
            targetName = "template " + caller.path("template").asText();
            target = Optional.ofNullable(
                    local.templates().get(caller.path("template").asText()));
        }
        if (target.isEmpty()) {
            return List.of(where + ": " + targetName + " is not among the shipped templates");
        }
        Set<String> declared = new TreeSet<>();
        target.get()
                .at("/inputs/parameters")
                .forEach(input -> declared.add(input.path("name").asText()));
        List<String> found = new ArrayList<>();
        for (JsonNode argument : caller.at("/arguments/parameters")) {
            String name = argument.path("name").asText();
            if (!declared.contains(name)) {
                found.add(where + ": passes '" + name + "', which " + targetName + " does not declare");
            }
        }
        return found;
    }
}
