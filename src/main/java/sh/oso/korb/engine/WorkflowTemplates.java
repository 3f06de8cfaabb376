package sh.oso.korb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The project's WorkflowTemplates ({@code workflow-templates/kafka-offset.yaml}, and {@code kafka-offset-pvc.yaml}
 * for snapshots on a PersistentVolumeClaim), packed into the jar at build time, so that the Workflows the
 * controller creates embed exactly the container templates the project ships and tests.
 */
final class WorkflowTemplates {

    private static final String RESOURCE_DIRECTORY = "/sh/oso/korb/engine/workflow-templates/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<Boolean, JsonNode> byClaim =
            Map.of(false, load("kafka-offset.yaml"), true, load("kafka-offset-pvc.yaml"));

    /**
     * A copy of the operation's container template (snapshot, rollback, verify, delete or reset), free to change;
     * {@code onClaim} for the pvc store.
     */
    ObjectNode template(String operation, boolean onClaim) {
        for (JsonNode template : byClaim.get(onClaim).at("/spec/templates")) {
            if (template.path("name").asText().equals(operation)) {
                return template.deepCopy();
            }
        }
        throw new IllegalStateException("the packed WorkflowTemplate has no template " + operation);
    }

    /** The input parameters the operation's template declares. */
    Set<String> parameters(String operation, boolean onClaim) {
        Set<String> names = new LinkedHashSet<>();
        template(operation, onClaim)
                .at("/inputs/parameters")
                .forEach(parameter -> names.add(parameter.path("name").asText()));
        return names;
    }

    private static JsonNode load(String file) {
        String resource = RESOURCE_DIRECTORY + file;
        try (InputStream yaml = WorkflowTemplates.class.getResourceAsStream(resource)) {
            if (yaml == null) {
                throw new IllegalStateException(resource + " is missing from the jar: rebuild it with ./mvnw package");
            }
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
