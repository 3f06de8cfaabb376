package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Argo templates that are copies of {@code workflow-templates/kafka-offset.yaml}, made from it so that every
 * fact stays there: {@code kafka-offset-pvc} (the snapshots on a PersistentVolumeClaim, which cannot be an optional
 * volume and so is not in the base) and a ClusterWorkflowTemplate of each.
 */
final class ArgoTemplateVariants {

    static final String BASE = "workflow-templates/kafka-offset.yaml";

    /** Where the pvc variant mounts the claim, and what it passes as {@code --pvc-path}. */
    static final String PVC_PATH = "/var/run/korb/snapshots";

    private static final YAMLMapper WRITER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ArgoTemplateVariants() {}

    /** Each generated file (a path in the project) and what it must hold. */
    static Map<String, JsonNode> generated() {
        JsonNode base = Yaml.read(Yaml.PROJECT.resolve(BASE));
        JsonNode pvc = pvc(base);
        Map<String, JsonNode> files = new LinkedHashMap<>();
        files.put("workflow-templates/kafka-offset-pvc.yaml", pvc);
        files.put("workflow-templates/kafka-offset-cluster.yaml", clusterScoped(base));
        files.put("workflow-templates/kafka-offset-pvc-cluster.yaml", clusterScoped(pvc));
        return files;
    }

    /** The file's text: a header saying where it comes from, then the resource. */
    static String text(JsonNode resource) {
        try {
            return "# Generated from " + BASE + " by ArgoTemplateVariantsTest (run it with -Dkorb.docs.write=true after"
                    + " changing the base); do not edit.\n" + WRITER.writeValueAsString(resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same templates storing snapshots on a claim: a required {@code pvc-claim-name} input, {@code storage-type}
     * defaulting to pvc, the claim mounted at {@link #PVC_PATH} and passed as {@code KORB_PVC_PATH}.
     */
    static ObjectNode pvc(JsonNode base) {
        ObjectNode copy = Yaml.copy(base);
        ObjectNode metadata = (ObjectNode) copy.get("metadata");
        metadata.put("name", metadata.path("name").asText() + "-pvc");
        ((ObjectNode) metadata.get("annotations"))
                .put(
                        "workflows.argoproj.io/description",
                        "The kafka-offset templates with the snapshots on a PersistentVolumeClaim: pvc-claim-name"
                                + " names the claim, mounted at " + PVC_PATH + ". Reference the templates with"
                                + " templateRef.");
        for (JsonNode template : copy.at("/spec/templates")) {
            ArrayNode inputs = (ArrayNode) template.at("/inputs/parameters");
            int storageType = indexOf(inputs, "storage-type");
            ((ObjectNode) inputs.get(storageType)).put("default", "pvc");
            inputs.insertObject(storageType + 1)
                    .put("name", "pvc-claim-name")
                    .put("description", "pvc: the PersistentVolumeClaim that holds the snapshots.");
            if (template.has("container")) {
                mountClaim((ObjectNode) template);
            }
            for (JsonNode group : template.path("steps")) {
                for (JsonNode step : group) {
                    ArrayNode arguments = (ArrayNode) step.at("/arguments/parameters");
                    arguments
                            .insertObject(indexOf(arguments, "storage-type") + 1)
                            .put("name", "pvc-claim-name")
                            .put("value", "{{inputs.parameters.pvc-claim-name}}");
                }
            }
        }
        return copy;
    }

    private static void mountClaim(ObjectNode template) {
        template.withArray("volumes")
                .addObject()
                .put("name", "snapshots")
                .putObject("persistentVolumeClaim")
                .put("claimName", "{{inputs.parameters.pvc-claim-name}}");
        ObjectNode container = (ObjectNode) template.get("container");
        ArrayNode env = container.withArray("env");
        env.insertObject(indexOf(env, "KORB_STORAGE_TYPE") + 1)
                .put("name", "KORB_PVC_PATH")
                .put("value", PVC_PATH);
        container.withArray("volumeMounts").addObject().put("name", "snapshots").put("mountPath", PVC_PATH);
    }

    /**
     * The same resource as a ClusterWorkflowTemplate. A {@code templateRef} to its own templates must then say
     * {@code clusterScope: true}, or Argo looks for a namespaced WorkflowTemplate of that name; references by
     * {@code template:} stay inside the resource they are in.
     */
    static ObjectNode clusterScoped(JsonNode template) {
        ObjectNode copy = Yaml.copy(template);
        copy.put("kind", "ClusterWorkflowTemplate");
        String name = copy.at("/metadata/name").asText();
        for (JsonNode reference : copy.findParents("templateRef")) {
            ObjectNode templateRef = (ObjectNode) reference.get("templateRef");
            if (templateRef.path("name").asText().equals(name)) {
                templateRef.put("clusterScope", true);
            }
        }
        return copy;
    }

    private static int indexOf(ArrayNode named, String name) {
        for (int i = 0; i < named.size(); i++) {
            if (named.get(i).path("name").asText().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no entry named " + name + " in " + named);
    }
}
