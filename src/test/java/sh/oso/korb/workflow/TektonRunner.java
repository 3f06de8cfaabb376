package sh.oso.korb.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a Tekton PipelineRun as Tekton would, without a cluster: resolves the Pipeline and its Tasks, the
 * params ({@code $(params.x)}, {@code $(params.x[*])}), task results ({@code $(tasks.t.results.r)}, written
 * to {@code /tekton/results}), workspaces, {@code when} expressions and {@code finally} tasks, and runs each
 * step in a {@link Container}. What Tekton would refuse (an undeclared param, a result no step writes, a
 * results payload above the 4096-byte termination message) is a {@link WorkflowException}.
 */
public final class TektonRunner {

    /** Tekton keeps a container's results in its termination message, at most 4096 bytes. */
    public static final int TERMINATION_MESSAGE_LIMIT = 4096;

    private static final String RESULTS_PATH = "/tekton/results";
    private static final Pattern TASK_RESULT = Pattern.compile("tasks\\.([^.]+)\\.results\\.([^.\\[]+)");
    private static final Pattern TASK_STATUS = Pattern.compile("tasks\\.([^.]+)\\.status");

    public enum Status {
        SUCCEEDED,
        FAILED,
        SKIPPED
    }

    public record TaskRun(
            String name, Status status, Map<String, String> results, String output, int terminationMessageBytes) {}

    public record PipelineRun(Status status, Map<String, TaskRun> taskRuns, Map<String, String> results) {
        public TaskRun task(String name) {
            return Optional.ofNullable(taskRuns.get(name))
                    .orElseThrow(() -> new AssertionError("no task " + name + " in " + taskRuns.keySet()));
        }
    }

    private final Container container;
    private final Path work;
    private final Map<String, JsonNode> tasks = new HashMap<>();
    private final Map<String, JsonNode> pipelines = new HashMap<>();
    private final Map<String, Path> secrets = new HashMap<>();
    private final Map<String, Path> claims = new HashMap<>();
    private final Map<String, Runnable> beforeTask = new HashMap<>();
    private final String namespace;
    private int runs;

    public TektonRunner(Container container, Path work, String namespace) {
        this.container = container;
        this.work = work;
        this.namespace = namespace;
    }

    /** A runner that knows what {@code kubectl apply -f tasks/ -f pipelines/} installs. */
    public static TektonRunner installed(Container container, Path work, String namespace) {
        TektonRunner runner = new TektonRunner(container, work, namespace);
        Stream.concat(Yaml.files("tasks").stream(), Yaml.files("pipelines").stream())
                .map(Yaml::read)
                .forEach(runner::apply);
        return runner;
    }

    public TektonRunner apply(JsonNode resource) {
        String name = resource.at("/metadata/name").asText();
        switch (resource.path("kind").asText()) {
            case "Task" -> tasks.put(name, resource);
            case "Pipeline" -> pipelines.put(name, resource);
            default -> throw new IllegalArgumentException("cannot apply a " + resource.path("kind"));
        }
        return this;
    }

    /** The directory a Secret's volume shows. */
    public TektonRunner secret(String name, Path directory) {
        secrets.put(name, directory);
        return this;
    }

    /** The directory a PersistentVolumeClaim's volume shows. */
    public TektonRunner claim(String name, Path directory) {
        claims.put(name, directory);
        return this;
    }

    /** Something that happens in the world between two tasks (e.g. consumers moving on). */
    public TektonRunner beforeTask(String pipelineTask, Runnable action) {
        beforeTask.put(pipelineTask, action);
        return this;
    }

    public PipelineRun run(JsonNode pipelineRun) {
        JsonNode spec = pipelineRun.path("spec");
        String pipelineName;
        JsonNode pipelineSpec;
        if (spec.has("pipelineSpec")) {
            pipelineName = "embedded in " + pipelineRun.at("/metadata/name").asText("the PipelineRun");
            pipelineSpec = spec.get("pipelineSpec");
        } else {
            pipelineName = spec.at("/pipelineRef/name").asText();
            pipelineSpec = Optional.ofNullable(pipelines.get(pipelineName))
                    .orElseThrow(() -> new WorkflowException("no Pipeline " + pipelineName))
                    .path("spec");
        }
        requireKnownPipelineTasks(spec.path("taskRunSpecs"), pipelineSpec, pipelineName);
        Map<String, Object> params =
                Params.bind(pipelineSpec.path("params"), spec.path("params"), "Pipeline " + pipelineName);
        Map<String, Path> workspaces =
                bindWorkspaces(pipelineSpec.path("workspaces"), spec.path("workspaces"), "Pipeline " + pipelineName);
        Map<String, TaskRun> taskRuns = new LinkedHashMap<>();
        for (JsonNode pipelineTask : ordered(pipelineSpec.path("tasks"))) {
            String name = pipelineTask.path("name").asText();
            boolean failedBefore = taskRuns.values().stream().anyMatch(run -> run.status() == Status.FAILED);
            taskRuns.put(
                    name,
                    failedBefore || !dependenciesMet(pipelineTask, taskRuns)
                            ? skipped(name)
                            : runPipelineTask(pipelineTask, params, workspaces, taskRuns));
        }
        for (JsonNode finallyTask : pipelineSpec.path("finally")) {
            String name = finallyTask.path("name").asText();
            taskRuns.put(
                    name,
                    resultsAvailable(finallyTask, taskRuns)
                            ? runPipelineTask(finallyTask, params, workspaces, taskRuns)
                            : skipped(name));
        }
        Status status = taskRuns.values().stream().anyMatch(run -> run.status() == Status.FAILED)
                ? Status.FAILED
                : Status.SUCCEEDED;
        Map<String, String> results = new LinkedHashMap<>();
        for (JsonNode result : pipelineSpec.path("results")) {
            String value = result.path("value").asText();
            if (resultsAvailable(value, taskRuns)) {
                results.put(
                        result.path("name").asText(),
                        Substitution.TEKTON.apply(value, variable -> pipelineVariable(variable, params, taskRuns)));
            }
        }
        return new PipelineRun(status, taskRuns, results);
    }

    private static TaskRun skipped(String name) {
        return new TaskRun(name, Status.SKIPPED, Map.of(), "", 0);
    }

    /** Pipeline tasks in an order that respects runAfter and result references (the list order otherwise). */
    private static List<JsonNode> ordered(JsonNode pipelineTasks) {
        List<JsonNode> pending = new ArrayList<>();
        pipelineTasks.forEach(pending::add);
        List<JsonNode> ordered = new ArrayList<>();
        List<String> done = new ArrayList<>();
        while (!pending.isEmpty()) {
            JsonNode next = pending.stream()
                    .filter(task -> done.containsAll(dependencies(task)))
                    .findFirst()
                    .orElseThrow(() -> new WorkflowException("the pipeline's tasks depend on each other in a cycle"
                            + " or on a task that does not exist"));
            pending.remove(next);
            ordered.add(next);
            done.add(next.path("name").asText());
        }
        return ordered;
    }

    private static List<String> dependencies(JsonNode pipelineTask) {
        List<String> names = new ArrayList<>();
        pipelineTask.path("runAfter").forEach(name -> names.add(name.asText()));
        names.addAll(referencedTasks(pipelineTask.toString()));
        return names;
    }

    private static List<String> referencedTasks(String text) {
        List<String> names = new ArrayList<>();
        for (String variable : Substitution.TEKTON.references(text)) {
            Matcher result = TASK_RESULT.matcher(variable);
            if (result.lookingAt()) {
                names.add(result.group(1));
            }
        }
        return names;
    }

    private static boolean dependenciesMet(JsonNode pipelineTask, Map<String, TaskRun> taskRuns) {
        for (JsonNode name : pipelineTask.path("runAfter")) {
            if (taskRuns.get(name.asText()).status() == Status.FAILED) {
                return false;
            }
        }
        return resultsAvailable(pipelineTask, taskRuns);
    }

    /** A task whose referenced results were never produced (their task failed or was skipped) is skipped. */
    private static boolean resultsAvailable(JsonNode pipelineTask, Map<String, TaskRun> taskRuns) {
        return resultsAvailable(pipelineTask.toString(), taskRuns);
    }

    private static boolean resultsAvailable(String text, Map<String, TaskRun> taskRuns) {
        for (String task : referencedTasks(text)) {
            TaskRun run = taskRuns.get(task);
            if (run == null) {
                throw new WorkflowException(
                        "a result of task '" + task + "' is referenced, but the pipeline has no such task");
            }
            if (run.status() != Status.SUCCEEDED) {
                return false;
            }
        }
        return true;
    }

    private Optional<String> pipelineVariable(
            String variable, Map<String, Object> params, Map<String, TaskRun> taskRuns) {
        Optional<String> param = Params.string(variable, params);
        if (param.isPresent()) {
            return param;
        }
        Matcher result = TASK_RESULT.matcher(variable);
        if (result.matches()) {
            TaskRun run = taskRuns.get(result.group(1));
            if (run == null) {
                throw new WorkflowException("no task '" + result.group(1) + "' for " + variable);
            }
            String value = run.results().get(result.group(2));
            if (value == null) {
                throw new WorkflowException("task '" + result.group(1) + "' wrote no result '" + result.group(2)
                        + "', which " + variable + " expects");
            }
            return Optional.of(value);
        }
        Matcher status = TASK_STATUS.matcher(variable);
        if (status.matches() && taskRuns.containsKey(status.group(1))) {
            return Optional.of(
                    switch (taskRuns.get(status.group(1)).status()) {
                        case SUCCEEDED -> "Succeeded";
                        case FAILED -> "Failed";
                        case SKIPPED -> "None";
                    });
        }
        return switch (variable) {
            case "context.pipelineRun.namespace" -> Optional.of(namespace);
            case "context.pipelineRun.name" -> Optional.of("run-" + runs);
            default -> Optional.empty();
        };
    }

    private TaskRun runPipelineTask(
            JsonNode pipelineTask,
            Map<String, Object> pipelineParams,
            Map<String, Path> pipelineWorkspaces,
            Map<String, TaskRun> taskRuns) {
        String name = pipelineTask.path("name").asText();
        for (JsonNode when : pipelineTask.path("when")) {
            if (!When.holds(
                    when,
                    text -> Substitution.TEKTON.apply(
                            text, variable -> pipelineVariable(variable, pipelineParams, taskRuns)))) {
                return skipped(name);
            }
        }
        JsonNode task = resolveTask(pipelineTask.path("taskRef"), pipelineParams, taskRuns);
        ArrayNode supplied = new ObjectMapper().createArrayNode();
        for (JsonNode param : pipelineTask.path("params")) {
            JsonNode value = param.path("value");
            supplied.addObject()
                    .put("name", param.path("name").asText())
                    .set(
                            "value",
                            Params.substitute(
                                    value,
                                    variable -> pipelineVariable(variable, pipelineParams, taskRuns),
                                    pipelineParams));
        }
        Map<String, Path> workspaces = new HashMap<>();
        for (JsonNode binding : pipelineTask.path("workspaces")) {
            String pipelineWorkspace = binding.path("workspace").asText();
            if (!pipelineWorkspaces.containsKey(pipelineWorkspace)) {
                throw new WorkflowException("pipeline task " + name + " binds workspace " + pipelineWorkspace
                        + ", which the pipeline does not declare");
            }
            Path path = pipelineWorkspaces.get(pipelineWorkspace);
            if (path != null) {
                workspaces.put(binding.path("name").asText(), path);
            }
        }
        Optional.ofNullable(beforeTask.get(name)).ifPresent(Runnable::run);
        // Tekton runs a failed task again, up to its retries, with fresh results.
        int attempts = 1 + pipelineTask.path("retries").asInt(0);
        TaskRun run = runTask(name, task, supplied, workspaces);
        for (int attempt = 1; attempt < attempts && run.status() == Status.FAILED; attempt++) {
            run = runTask(name, task, supplied, workspaces);
        }
        return run;
    }

    /** Tekton refuses a PipelineRun whose taskRunSpecs name a task the pipeline does not have. */
    private static void requireKnownPipelineTasks(JsonNode taskRunSpecs, JsonNode pipelineSpec, String pipelineName) {
        List<String> names = new ArrayList<>();
        pipelineSpec.path("tasks").forEach(task -> names.add(task.path("name").asText()));
        pipelineSpec.path("finally").forEach(task -> names.add(task.path("name").asText()));
        for (JsonNode taskRunSpec : taskRunSpecs) {
            String name = taskRunSpec.path("pipelineTaskName").asText();
            if (!names.contains(name)) {
                throw new WorkflowException("taskRunSpecs names pipeline task " + name + ", which Pipeline "
                        + pipelineName + " does not have");
            }
        }
    }

    private JsonNode resolveTask(JsonNode taskRef, Map<String, Object> pipelineParams, Map<String, TaskRun> taskRuns) {
        String name;
        if (taskRef.has("resolver")) {
            if (!taskRef.path("resolver").asText().equals("cluster")) {
                throw new WorkflowException("only the cluster resolver is available here");
            }
            Map<String, String> resolverParams = new HashMap<>();
            for (JsonNode param : taskRef.path("params")) {
                resolverParams.put(
                        param.path("name").asText(),
                        Substitution.TEKTON.apply(
                                param.path("value").asText(),
                                variable -> pipelineVariable(variable, pipelineParams, taskRuns)));
            }
            if (!"task".equals(resolverParams.get("kind")) || !namespace.equals(resolverParams.get("namespace"))) {
                throw new WorkflowException(
                        "the cluster resolver needs kind task and the run's namespace: " + resolverParams);
            }
            name = resolverParams.get("name");
        } else {
            name = taskRef.path("name").asText();
        }
        return Optional.ofNullable(tasks.get(name)).orElseThrow(() -> new WorkflowException("no Task " + name));
    }

    private Map<String, Path> bindWorkspaces(JsonNode declared, JsonNode bindings, String owner) {
        Map<String, Path> bound = new HashMap<>();
        for (JsonNode binding : bindings) {
            String name = binding.path("name").asText();
            boolean known = false;
            for (JsonNode workspace : declared) {
                known |= workspace.path("name").asText().equals(name);
            }
            if (!known) {
                throw new WorkflowException(owner + " declares no workspace " + name);
            }
            bound.put(name, volume(binding));
        }
        for (JsonNode workspace : declared) {
            String name = workspace.path("name").asText();
            if (!bound.containsKey(name)) {
                if (!workspace.path("optional").asBoolean(false)) {
                    throw new WorkflowException(owner + " needs workspace " + name);
                }
                bound.put(name, null);
            }
        }
        return bound;
    }

    private Path volume(JsonNode binding) {
        if (binding.has("secret")) {
            String secret = binding.at("/secret/secretName").asText();
            return Optional.ofNullable(secrets.get(secret))
                    .orElseThrow(() -> new WorkflowException("no Secret " + secret));
        }
        if (binding.has("persistentVolumeClaim")) {
            String claim = binding.at("/persistentVolumeClaim/claimName").asText();
            return Optional.ofNullable(claims.get(claim)).orElseThrow(() -> new WorkflowException("no claim " + claim));
        }
        if (binding.has("emptyDir")) {
            return directory("empty-dir");
        }
        throw new WorkflowException("unsupported workspace binding " + binding);
    }

    private TaskRun runTask(String name, JsonNode task, JsonNode suppliedParams, Map<String, Path> boundWorkspaces) {
        String taskName = task.at("/metadata/name").asText();
        JsonNode spec = task.path("spec");
        Map<String, Object> params = Params.bind(spec.path("params"), suppliedParams, "Task " + taskName);
        Map<String, Path> workspaces = new HashMap<>();
        for (JsonNode workspace : spec.path("workspaces")) {
            String workspaceName = workspace.path("name").asText();
            Path path = boundWorkspaces.get(workspaceName);
            if (path == null && !workspace.path("optional").asBoolean(false)) {
                throw new WorkflowException("Task " + taskName + " needs workspace " + workspaceName);
            }
            workspaces.put(workspaceName, path);
        }
        for (String bound : boundWorkspaces.keySet()) {
            if (!workspaces.containsKey(bound)) {
                throw new WorkflowException("Task " + taskName + " declares no workspace " + bound);
            }
        }
        List<String> declaredResults = new ArrayList<>();
        spec.path("results")
                .forEach(result -> declaredResults.add(result.path("name").asText()));
        Path results = directory("results-" + name);
        StringBuilder output = new StringBuilder();
        Status status = Status.SUCCEEDED;
        for (JsonNode step : spec.path("steps")) {
            StepVariables variables = new StepVariables(params, workspaces, declaredResults, taskName, name);
            Container.Exit exit = container.run(
                    variables.list(step.path("command")),
                    variables.list(step.path("args")),
                    variables.env(step.path("env")),
                    Map.of(RESULTS_PATH, results));
            output.append(exit.output());
            if (exit.code() != 0) {
                status = Status.FAILED;
                break;
            }
        }
        Map<String, String> written = readResults(results, declaredResults, taskName);
        if (status == Status.SUCCEEDED) {
            for (String declared : declaredResults) {
                if (!written.containsKey(declared)) {
                    throw new WorkflowException(
                            "Task " + taskName + " succeeded without writing its result " + declared);
                }
            }
        }
        int size = terminationMessageBytes(written);
        if (size > TERMINATION_MESSAGE_LIMIT) {
            // the entrypoint's own words, on a step whose results take more than the kubelet keeps
            throw new WorkflowException("Task " + taskName + ": Termination message is above max allowed size "
                    + TERMINATION_MESSAGE_LIMIT + ", caused by large task result. (" + size + " bytes)");
        }
        return new TaskRun(name, status, written, output.toString(), size);
    }

    private static Map<String, String> readResults(Path results, List<String> declared, String taskName) {
        Map<String, String> written = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!declared.contains(name)) {
                    throw new WorkflowException(
                            "Task " + taskName + " wrote result " + name + ", which it does not declare");
                }
                written.put(name, Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    /**
     * The results as Tekton's entrypoint encodes them into the container's termination message: Go's
     * {@code json.Marshal} of its RunResults (which escapes {@code < > &}, U+2028 and U+2029 as well), after the
     * internal {@code StartedAt} entry the entrypoint adds to every step's message.
     */
    public static int terminationMessageBytes(Map<String, String> results) {
        ArrayNode message = GO_JSON.createArrayNode();
        results.forEach((key, value) ->
                message.addObject().put("key", key).put("value", value).put("type", 1));
        message.addObject()
                .put("key", "StartedAt")
                .put("value", "2026-12-01T02:23:01.123Z")
                .put("type", 3);
        try {
            return GO_JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson writing JSON as Go's {@code encoding/json} does, with its HTML-safe escapes. */
    private static final ObjectMapper GO_JSON = new ObjectMapper();

    static {
        GO_JSON.getFactory().setCharacterEscapes(new CharacterEscapes() {
            private final int[] escapes = standardAsciiEscapesForJSON();

            {
                escapes['<'] = ESCAPE_STANDARD;
                escapes['>'] = ESCAPE_STANDARD;
                escapes['&'] = ESCAPE_STANDARD;
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return escapes;
            }

            @Override
            public SerializableString getEscapeSequence(int ch) {
                return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
            }
        });
    }

    private synchronized Path directory(String name) {
        try {
            return Files.createDirectories(work.resolve("run-" + (++runs) + "-" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables a step sees: its task's params, workspaces, result paths and context. */
    private record StepVariables(
            Map<String, Object> params,
            Map<String, Path> workspaces,
            List<String> results,
            String taskName,
            String taskRunName) {

        Optional<String> resolve(String variable) {
            Optional<String> param = Params.string(variable, params);
            if (param.isPresent()) {
                return param;
            }
            Matcher workspace =
                    Pattern.compile("workspaces\\.([^.]+)\\.(path|bound)").matcher(variable);
            if (workspace.matches() && workspaces.containsKey(workspace.group(1))) {
                Path path = workspaces.get(workspace.group(1));
                return Optional.of(
                        workspace.group(2).equals("bound")
                                ? String.valueOf(path != null)
                                : path == null ? "" : path.toString());
            }
            Matcher result = Pattern.compile("results\\.([^.]+)\\.path").matcher(variable);
            if (result.matches() && results.contains(result.group(1))) {
                return Optional.of(RESULTS_PATH + "/" + result.group(1));
            }
            return switch (variable) {
                case "context.task.name" -> Optional.of(taskName);
                case "context.taskRun.name" -> Optional.of(taskRunName);
                default -> Optional.empty();
            };
        }

        /** command or args: an element that is exactly {@code $(params.x[*])} expands to the array's items. */
        List<String> list(JsonNode values) {
            List<String> out = new ArrayList<>();
            for (JsonNode value : values) {
                Optional<List<String>> array =
                        Substitution.TEKTON.whole(value.asText()).flatMap(variable -> Params.array(variable, params));
                if (array.isPresent()) {
                    out.addAll(array.get());
                } else {
                    out.add(Substitution.TEKTON.apply(value.asText(), this::resolve));
                }
            }
            return out;
        }

        Map<String, String> env(JsonNode env) {
            Map<String, String> out = new LinkedHashMap<>();
            for (JsonNode variable : env) {
                if (!variable.has("value")) {
                    throw new WorkflowException("env " + variable.path("name").asText() + " has no literal value");
                }
                out.put(
                        variable.path("name").asText(),
                        Substitution.TEKTON.apply(variable.path("value").asText(), this::resolve));
            }
            return out;
        }
    }
}
