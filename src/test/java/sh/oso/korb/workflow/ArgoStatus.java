package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A Workflow's status as Argo's controller writes it (workflow/controller/operator.go) for a Workflow whose
 * entrypoint is a container template: with a retryStrategy, an entry node of type Retry named and identified as the
 * Workflow, whose children are the attempts' Pod nodes {@code <workflow>(0)}, {@code <workflow>(1)}, ... (ids
 * {@code <workflow>-<fnv32a of the node name>}, as {@code Workflow.NodeID}); without one, the entry node is the Pod.
 * Messages are Argo's: {@code Error (exit code N)} on a failed pod, processNodeRetries' on the Retry node, the
 * entry node's on the Workflow.
 */
final class ArgoStatus {

    private static final DateTimeFormatter GO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);

    private final String workflow;
    private final JsonNode entrypoint;
    private final String startedAt;
    private final List<ObjectNode> pods = new ArrayList<>();

    ArgoStatus(JsonNode workflowJson, Instant startedAt) {
        this.workflow = workflowJson.at("/metadata/name").asText();
        String entryName = workflowJson.at("/spec/entrypoint").asText();
        JsonNode found = Yaml.parse("{}");
        for (JsonNode template : workflowJson.at("/spec/templates")) {
            if (template.path("name").asText().equals(entryName)) {
                found = template;
            }
        }
        this.entrypoint = found;
        this.startedAt = time(startedAt);
    }

    /** When Argo started it: the deadline counts from startedAt, truncated to the second (getWorkflowDeadline). */
    static Instant deadline(JsonNode workflowJson, Instant startedAt) {
        JsonNode seconds = workflowJson.at("/spec/activeDeadlineSeconds");
        return seconds.isMissingNode()
                ? null
                : startedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds.asLong());
    }

    /** markWorkflowRunning then markWorkflowFailed("invalid spec: ..."): persisted together, without nodes. */
    static ObjectNode refused(String message, Instant at) {
        ObjectNode status = Yaml.MAPPER.createObjectNode();
        status.put("phase", "Failed")
                .put("startedAt", time(at))
                .put("finishedAt", time(at))
                .put("message", "invalid spec: " + message)
                .put("progress", "0/0");
        return status;
    }

    private boolean retried() {
        return entrypoint.has("retryStrategy");
    }

    /** Running, with the attempt in progress as a running Pod node. */
    ObjectNode running() {
        ObjectNode status = workflowStatus("Running", null, null);
        ObjectNode current = pod(pods.size(), "Running", null);
        addEntry(status, "Running", null, null, current);
        return status;
    }

    /** An attempt's pod ended. */
    void attempt(ArgoRunner.AttemptRecord attempt) {
        ObjectNode pod = pod(pods.size(), attempt.exitCode() == 0 ? "Succeeded" : "Failed", attempt.startedAt());
        pod.put("finishedAt", time(attempt.finishedAt()));
        if (attempt.exitCode() != 0) {
            pod.put("message", "Error (exit code " + attempt.exitCode() + ")");
        }
        ObjectNode outputs = pod.putObject("outputs");
        ArrayNode parameters = outputs.putArray("parameters");
        attempt.outputs()
                .forEach((name, value) ->
                        parameters.addObject().put("name", name).put("value", value));
        outputs.put("exitCode", Integer.toString(attempt.exitCode()));
        pods.add(pod);
    }

    /** The runner is done: the last attempt decides, and processNodeRetries says why retrying stopped. */
    ObjectNode finished(Instant at) {
        ObjectNode last = pods.get(pods.size() - 1);
        boolean succeeded = last.path("phase").asText().equals("Succeeded");
        String message = succeeded
                ? null
                : retried() ? whyNoRetry(last) : last.path("message").asText();
        ObjectNode status = workflowStatus(succeeded ? "Succeeded" : "Failed", at, message);
        addEntry(status, succeeded ? "Succeeded" : "Failed", at, message, null);
        return status;
    }

    /**
     * The deadline passed while an attempt ran: Argo terminates its pod ("Step exceeded its deadline"), the Retry
     * node fails as "retry exceeded workflow deadline", and the Workflow with it.
     */
    ObjectNode deadlineExceeded(Instant deadline, Instant at) {
        ObjectNode pod = pod(pods.size(), "Failed", null);
        pod.put("finishedAt", time(at)).put("message", "Step exceeded its deadline");
        pods.add(pod);
        String message = retried()
                ? "retry exceeded workflow deadline " + GO_TIME.format(deadline)
                : pod.path("message").asText();
        ObjectNode status = workflowStatus("Failed", at, message);
        addEntry(status, "Failed", at, message, null);
        return status;
    }

    /** A failure of the runner after validation: markWorkflowError. */
    ObjectNode error(String message, Instant at) {
        ObjectNode status = workflowStatus("Error", at, message);
        addEntry(status, "Error", at, message, null);
        return status;
    }

    /** processNodeRetries' checks in its order: the policy, the limit, then the expression. */
    private String whyNoRetry(ObjectNode lastPod) {
        JsonNode strategy = entrypoint.path("retryStrategy");
        String policy = strategy.path("retryPolicy").asText();
        if (policy.isEmpty()) {
            policy = strategy.path("expression").asText().isEmpty() ? "OnFailure" : "Always";
        }
        if (!policy.equals("Always") && !policy.equals("OnFailure")) {
            return lastPod.path("message").asText();
        }
        JsonNode limit = strategy.path("limit");
        if (!limit.isMissingNode() && pods.size() > Integer.parseInt(limit.asText())) {
            return "No more retries left";
        }
        return "retryStrategy.expression evaluated to false";
    }

    private ObjectNode workflowStatus(String phase, Instant finishedAt, String message) {
        ObjectNode status = Yaml.MAPPER.createObjectNode();
        status.put("phase", phase).put("startedAt", startedAt);
        if (finishedAt != null) {
            status.put("finishedAt", time(finishedAt));
        }
        if (message != null) {
            status.put("message", message);
        }
        long succeeded = pods.stream()
                .filter(pod -> pod.path("phase").asText().equals("Succeeded"))
                .count();
        status.put("progress", succeeded + "/" + Math.max(1, pods.size()));
        if (finishedAt != null) {
            ArrayNode conditions = status.putArray("conditions");
            conditions.addObject().put("type", "PodRunning").put("status", "False");
            conditions.addObject().put("type", "Completed").put("status", "True");
        }
        return status;
    }

    /** The entry node and the Pod nodes under it; {@code current} is an attempt still running. */
    private void addEntry(ObjectNode status, String phase, Instant finishedAt, String message, ObjectNode current) {
        ObjectNode nodes = status.putObject("nodes");
        List<ObjectNode> all = new ArrayList<>(pods);
        if (current != null) {
            all.add(current);
        }
        if (!retried()) {
            ObjectNode pod = all.get(all.size() - 1);
            pod.put("id", workflow).put("name", workflow).put("displayName", workflow);
            nodes.set(workflow, pod);
            return;
        }
        ObjectNode entry = nodes.putObject(workflow);
        entry.put("id", workflow)
                .put("name", workflow)
                .put("displayName", workflow)
                .put("type", "Retry")
                .put("templateName", entrypoint.path("name").asText())
                .put("phase", phase)
                .put("startedAt", startedAt);
        if (finishedAt != null) {
            entry.put("finishedAt", time(finishedAt));
        }
        if (message != null) {
            entry.put("message", message);
        }
        if (phase.equals("Succeeded")) {
            // processNodeRetries copies the succeeded attempt's outputs onto the Retry node
            entry.set("outputs", all.get(all.size() - 1).path("outputs").deepCopy());
        }
        ArrayNode children = entry.putArray("children");
        for (ObjectNode pod : all) {
            children.add(pod.path("id").asText());
            nodes.set(pod.path("id").asText(), pod);
        }
    }

    private ObjectNode pod(int attempt, String phase, Instant podStartedAt) {
        String name = retried() ? workflow + "(" + attempt + ")" : workflow;
        ObjectNode pod = Yaml.MAPPER.createObjectNode();
        pod.put("id", retried() ? nodeId(workflow, name) : workflow)
                .put("name", name)
                .put("displayName", name)
                .put("type", "Pod")
                .put("templateName", entrypoint.path("name").asText())
                .put("phase", phase)
                .put("startedAt", podStartedAt == null ? startedAt : time(podStartedAt));
        return pod;
    }

    /** Workflow.NodeID: the Workflow's name and the 32-bit FNV-1a hash of the node's name. */
    static String nodeId(String workflow, String nodeName) {
        int hash = 0x811c9dc5;
        for (byte b : nodeName.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 16777619;
        }
        return workflow + "-" + Integer.toUnsignedString(hash);
    }

    /** metav1.Time: RFC 3339 to the second. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
