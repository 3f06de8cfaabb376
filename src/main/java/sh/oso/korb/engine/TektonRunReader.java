package sh.oso.korb.engine;

import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.tekton.v1.ChildStatusReference;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunStatus;
import io.fabric8.tekton.v1.TaskRun;
import io.fabric8.tekton.v1.TaskRunResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a PipelineRun's state, and its TaskRun's results once it has finished. */
final class TektonRunReader {

    private final KubernetesClient client;

    TektonRunReader(KubernetesClient client) {
        this.client = client;
    }

    RunOutcome read(PipelineRun run) {
        PipelineRunStatus status = run.getStatus();
        if (status == null) {
            return new RunOutcome(RunOutcome.State.PENDING, null, null, Map.of(), null);
        }
        Optional<Condition> succeeded = succeeded(status.getConditions());
        String conditionStatus = succeeded.map(Condition::getStatus).orElse("Unknown");
        if (conditionStatus.equals("Unknown")) {
            RunOutcome.State state =
                    status.getStartTime() == null ? RunOutcome.State.PENDING : RunOutcome.State.RUNNING;
            return new RunOutcome(state, status.getStartTime(), null, Map.of(), null);
        }
        Optional<TaskRun> taskRun = taskRun(run);
        Map<String, String> results = new HashMap<>();
        taskRun.map(TaskRun::getStatus)
                .map(taskRunStatus -> taskRunStatus.getResults())
                .orElse(List.of())
                .forEach(result -> results.put(result.getName(), stringValue(result)));
        String message = Optional.ofNullable(results.get("message"))
                .filter(text -> !text.isEmpty())
                .or(() -> taskRun.map(TaskRun::getStatus)
                        .flatMap(taskRunStatus -> succeeded(taskRunStatus.getConditions()))
                        .map(Condition::getMessage))
                .or(() -> succeeded.map(Condition::getMessage))
                .orElse("");
        RunOutcome.State state = conditionStatus.equals("True") ? RunOutcome.State.SUCCEEDED : RunOutcome.State.FAILED;
        return new RunOutcome(state, status.getStartTime(), status.getCompletionTime(), results, message);
    }

    private Optional<TaskRun> taskRun(PipelineRun run) {
        List<ChildStatusReference> children = run.getStatus().getChildReferences();
        if (children == null) {
            return Optional.empty();
        }
        return children.stream()
                .filter(child -> "TaskRun".equals(child.getKind()))
                .reduce((first, last) -> last)
                .map(child -> client.resources(TaskRun.class)
                        .inNamespace(run.getMetadata().getNamespace())
                        .withName(child.getName())
                        .get());
    }

    private static String stringValue(TaskRunResult result) {
        return result.getValue() == null || result.getValue().getStringVal() == null
                ? ""
                : result.getValue().getStringVal();
    }

    private static Optional<Condition> succeeded(List<Condition> conditions) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream()
                        .filter(condition -> "Succeeded".equals(condition.getType()))
                        .findFirst();
    }
}
