package sh.oso.korb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Workflow's state from its status, and once it has finished, the executor's results from its nodes' output
 * parameters: Argo copies a succeeded attempt's outputs onto the entry (Retry) node; a failed Retry node has none,
 * so they come from its last finished Pod child, whose outputs Argo records whatever the exit code.
 */
final class ArgoRunReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINISHED_NODE_PHASES = Set.of("Succeeded", "Failed", "Error");

    RunOutcome read(GenericKubernetesResource workflow) {
        JsonNode status = JSON.valueToTree(workflow.getAdditionalProperties().get("status"));
        String startedAt = text(status.path("startedAt"));
        RunOutcome.State state = switch (status.path("phase").asText("")) {
            case "Succeeded" -> RunOutcome.State.SUCCEEDED;
            case "Failed", "Error" -> RunOutcome.State.FAILED;
            default -> startedAt == null ? RunOutcome.State.PENDING : RunOutcome.State.RUNNING;
        };
        if (!state.finished()) {
            return new RunOutcome(state, startedAt, null, Map.of(), null);
        }
        Map<String, String> results = new HashMap<>();
        outputs(status.path("nodes"), workflow.getMetadata().getName())
                .path("parameters")
                .forEach(parameter -> results.put(
                        parameter.path("name").asText(), parameter.path("value").asText("")));
        String message = Optional.ofNullable(results.get("message"))
                .filter(text -> !text.isEmpty())
                .or(() -> Optional.ofNullable(text(status.path("message"))))
                .orElse("");
        return new RunOutcome(state, startedAt, text(status.path("finishedAt")), results, message);
    }

    /** The entry node's outputs, else those of its last finished Pod child; Argo names the entry node after the Workflow. */
    private static JsonNode outputs(JsonNode nodes, String workflowName) {
        JsonNode entry = nodes.path(workflowName);
        if (entry.at("/outputs/parameters").size() > 0) {
            return entry.path("outputs");
        }
        JsonNode last = null;
        for (JsonNode childId : entry.path("children")) {
            JsonNode child = nodes.path(childId.asText());
            if ("Pod".equals(child.path("type").asText())
                    && FINISHED_NODE_PHASES.contains(child.path("phase").asText())) {
                last = child;
            }
        }
        return last == null ? entry.path("outputs") : last.path("outputs");
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
