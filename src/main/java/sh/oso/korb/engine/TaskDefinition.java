package sh.oso.korb.engine;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ParamSpec;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.Step;
import io.fabric8.tekton.v1.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's Task of one operation ({@code tasks/kafka-offset-<operation>/kafka-offset-<operation>.yaml}), packed
 * into the jar at build time: its one step is what the Job engine runs, so that the executor's command, arguments
 * and environment are written once, in the Task, for every engine that runs the step's container.
 */
final class TaskDefinition {

    private static final String RESOURCE_DIRECTORY = "/sh/oso/korb/engine/tasks/";

    private final Task task;

    private TaskDefinition(Task task) {
        this.task = task;
    }

    /** The Task kafka-offset-{@code operation}: snapshot, rollback, verify, delete or reset. */
    static TaskDefinition of(String operation) {
        String name = "kafka-offset-" + operation;
        String resource = RESOURCE_DIRECTORY + name + "/" + name + ".yaml";
        try (InputStream yaml = TaskDefinition.class.getResourceAsStream(resource)) {
            if (yaml == null) {
                throw new IllegalStateException(resource + " is missing from the jar: rebuild it with ./mvnw package");
            }
            return new TaskDefinition(Serialization.unmarshal(yaml, Task.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the Task's one step, free to change. */
    Step step() {
        if (task.getSpec().getSteps().size() != 1) {
            throw new IllegalStateException(
                    "Task " + task.getMetadata().getName() + " has more than one step; a Job runs one container");
        }
        return Serialization.clone(task.getSpec().getSteps().get(0));
    }

    /** The params' defaults, by name; a param without a default is absent. */
    Map<String, ParamValue> defaults() {
        Map<String, ParamValue> defaults = new LinkedHashMap<>();
        for (ParamSpec param : task.getSpec().getParams()) {
            if (param.getDefault() != null) {
                defaults.put(param.getName(), param.getDefault());
            }
        }
        return defaults;
    }

    boolean declaresParam(String name) {
        return task.getSpec().getParams().stream()
                .anyMatch(param -> param.getName().equals(name));
    }

    boolean declaresWorkspace(String name) {
        return task.getSpec().getWorkspaces().stream()
                .anyMatch(workspace -> workspace.getName().equals(name));
    }

    /** Where Tekton mounts the workspace: its own mountPath (the reset's mapping), else under /workspace/. */
    String mountPath(String workspace, String root) {
        return task.getSpec().getWorkspaces().stream()
                .filter(declared -> declared.getName().equals(workspace) && declared.getMountPath() != null)
                .map(declared -> declared.getMountPath())
                .findFirst()
                .orElse(root + workspace);
    }
}
