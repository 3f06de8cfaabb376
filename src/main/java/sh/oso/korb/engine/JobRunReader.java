package sh.oso.korb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Job's state from its conditions, and once it has finished, the executor's results from the termination
 * message of its newest pod's container: the compact JSON object {@code korb --termination-message-path} wrote.
 */
final class JobRunReader {

    private final KubernetesClient client;

    JobRunReader(KubernetesClient client) {
        this.client = client;
    }

    RunOutcome read(Job job) {
        JobStatus status = job.getStatus();
        if (status == null || status.getStartTime() == null) {
            return new RunOutcome(RunOutcome.State.PENDING, null, null, Map.of(), null);
        }
        Optional<JobCondition> complete = condition(status, "Complete");
        Optional<JobCondition> failed = condition(status, "Failed");
        if (complete.isEmpty() && failed.isEmpty()) {
            return new RunOutcome(RunOutcome.State.RUNNING, status.getStartTime(), null, Map.of(), null);
        }
        Optional<Pod> lastPod = lastPod(job, complete.isPresent());
        Map<String, String> results = lastPod.map(JobRunReader::results).orElse(Map.of());
        JobCondition finished = complete.orElseGet(failed::get);
        String message = Optional.ofNullable(results.get("message"))
                .filter(text -> !text.isEmpty())
                .or(() -> Optional.ofNullable(finished.getMessage()))
                .orElse("");
        if (lastPod.isEmpty()) {
            message = (message.isEmpty() ? "" : message + "; ")
                    + "the Job's pods are gone (deleted with the Job?), and with them its results: check the store"
                    + " and Kafka";
        }
        // Kubernetes sets completionTime on success only; a failed Job ended when it was marked Failed.
        String completionTime =
                Optional.ofNullable(status.getCompletionTime()).orElse(finished.getLastTransitionTime());
        return new RunOutcome(
                complete.isPresent() ? RunOutcome.State.SUCCEEDED : RunOutcome.State.FAILED,
                status.getStartTime(),
                completionTime,
                results,
                message);
    }

    /**
     * The pod whose termination message is the Job's outcome: of a Complete Job the one that succeeded; of a Failed
     * one the one that ended last. By parsed times, then name: pods of quick retries share a creation second.
     */
    private Optional<Pod> lastPod(Job job, boolean succeeded) {
        String uid = job.getMetadata().getUid();
        List<Pod> pods = client
                .pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withLabel(JobFactory.JOB_NAME_LABEL, job.getMetadata().getName())
                .list()
                .getItems()
                .stream()
                // a Job deleted and created again under the same name has new pods
                .filter(pod ->
                        uid == null || uid.equals(pod.getMetadata().getLabels().get(JobFactory.CONTROLLER_UID_LABEL)))
                .toList();
        return lastPod(pods, succeeded);
    }

    static Optional<Pod> lastPod(List<Pod> pods, boolean succeeded) {
        Optional<Pod> success = pods.stream()
                .filter(pod -> pod.getStatus() != null
                        && "Succeeded".equals(pod.getStatus().getPhase()))
                .findFirst();
        if (succeeded && success.isPresent()) {
            return success;
        }
        return pods.stream()
                .max(Comparator.comparing(JobRunReader::finishedAt)
                        .thenComparing(pod -> instant(pod.getMetadata().getCreationTimestamp()))
                        .thenComparing(pod -> pod.getMetadata().getName()));
    }

    private static Instant finishedAt(Pod pod) {
        List<ContainerStatus> containers =
                pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (containers == null) {
            return Instant.MIN;
        }
        return containers.stream()
                .map(container -> container.getState() == null
                        ? null
                        : container.getState().getTerminated())
                .filter(terminated -> terminated != null)
                .map(terminated -> instant(terminated.getFinishedAt()))
                .max(Comparator.naturalOrder())
                .orElse(Instant.MIN);
    }

    private static Instant instant(String timestamp) {
        try {
            return timestamp == null ? Instant.MIN : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    /** The results in the pod's termination message; none when it holds something else (a container killed). */
    static Map<String, String> results(Pod pod) {
        List<ContainerStatus> containers =
                pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (containers == null) {
            return Map.of();
        }
        return containers.stream()
                .map(container -> container.getState() == null
                        ? null
                        : container.getState().getTerminated())
                .filter(terminated -> terminated != null)
                .map(ContainerStateTerminated::getMessage)
                .filter(message -> message != null && !message.isBlank())
                .findFirst()
                .map(JobRunReader::parse)
                .orElse(Map.of());
    }

    private static Map<String, String> parse(String message) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(message);
        } catch (java.io.IOException e) {
            return Map.of();
        }
        Map<String, String> results = new HashMap<>();
        if (json != null && json.isObject()) {
            json.fields()
                    .forEachRemaining(field -> results.put(
                            field.getKey(),
                            field.getValue().isTextual()
                                    ? field.getValue().asText()
                                    : field.getValue().toString()));
        }
        return results;
    }

    private static Optional<JobCondition> condition(JobStatus status, String type) {
        return status.getConditions() == null
                ? Optional.empty()
                : status.getConditions().stream()
                        .filter(condition -> type.equals(condition.getType()) && "True".equals(condition.getStatus()))
                        .findFirst();
    }
}
