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
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a Tekton PipelineRun as Tekton would, without a cluster: resolves the Pipeline and its Tasks, the
 * params ({@code $(params.x)}, {@code $(params.x[*])}), task results ({@code $(tasks.t.results.r)}, written
 * to {@code /tekton/results}), workspaces (Secrets, ConfigMaps, claims, emptyDir, mounted at their mount path,
 * which {@code $(workspaces.w.path)} names), {@code when} expressions and {@code finally} tasks, and runs each
 * step in a {@link Container}. What Tekton would refuse (an undeclared param, a result no step writes, a
 * results payload above the 4096-byte termination message) is a {@link WorkflowException}.
 */
public final class TektonRunner {

    /** Tekton keeps a container's results in its termination message, at most 4096 bytes. */
    public static final int TERMINATION_MESSAGE_LIMIT = 4096;

    private static final String RESULTS_PATH = "/tekton/results";
    private static final Pattern TASK_RESULT = Pattern.compile("(tasks|finally)\\.([^.]+)\\.results\\.([^.\\[]+)");
    private static final Pattern TASK_STATUS = Pattern.compile("tasks\\.([^.]+)\\.status");

    public enum Status {
        SUCCEEDED,
        FAILED,
        SKIPPED
    }

    /**
     * One pipeline task's TaskRun. {@code uid} is the same for every attempt: Tekton v1 retries a failed TaskRun in
     * place ({@code pkg/reconciler/taskrun/taskrun.go}, {@code retryTaskRun}, TEP-0121: the status is archived into
     * {@code status.retriesStatus} and a new pod runs for the same TaskRun), so {@code $(context.taskRun.uid)} and
     * {@code $(context.taskRun.name)} do not change between attempts; {@code retries} counts the earlier ones.
     */
    public record TaskRun(
            String name,
            Status status,
            Map<String, String> results,
            String output,
            int terminationMessageBytes,
            String uid,
            int retries) {}

    public record PipelineRun(Status status, Map<String, TaskRun> taskRuns, Map<String, String> results) {
        public TaskRun task(String name) {
            return Optional.ofNullable(taskRuns.get(name))
                    .orElseThrow(() -> new AssertionError("no task " + name + " in " + taskRuns.keySet()));
        }
    }

    private final Container container;
    private final Path work;
    /** What was applied, by {@code namespace/name}. */
    private final Map<String, JsonNode> tasks = new HashMap<>();

    private final Map<String, JsonNode> pipelines = new HashMap<>();
    private final Map<String, Path> secrets = new HashMap<>();
    private final Map<String, Path> claims = new HashMap<>();
    private final Map<String, Path> configMaps = new HashMap<>();
    private final Map<String, Runnable> beforeTask = new HashMap<>();
    private final String namespace;
    private int runs;
    private String pipelineRunName = "";
    private String pipelineRunUid = "";

    public TektonRunner(Container container, Path work, String namespace) {
        this.container = container;
        this.work = work;
        this.namespace = namespace;
    }

    /** A runner that knows what {@code kubectl apply -k tasks/} and {@code kubectl apply -f pipelines/} install. */
    public static TektonRunner installed(Container container, Path work, String namespace) {
        TektonRunner runner = new TektonRunner(container, work, namespace);
        Stream.concat(TektonCatalog.taskFiles().stream(), Yaml.files("pipelines").stream())
                .map(Yaml::read)
                .forEach(runner::apply);
        return runner;
    }

    /** {@code kubectl apply}: refused, as Tekton's admission webhook refuses it, when Tekton would refuse it. */
    public TektonRunner apply(JsonNode resource) {
        return apply(namespace, resource);
    }

    /** {@code kubectl apply -n namespace}: what the cluster resolver finds there. */
    public TektonRunner apply(String namespace, JsonNode resource) {
        TektonValidation.admit(resource);
        String name = namespace + "/" + resource.at("/metadata/name").asText();
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

    /** The directory a ConfigMap's volume shows: one file per key. */
    public TektonRunner configMap(String name, Path directory) {
        configMaps.put(name, directory);
        return this;
    }

    /** Something that happens in the world between two tasks (e.g. consumers moving on). */
    public TektonRunner beforeTask(String pipelineTask, Runnable action) {
        beforeTask.put(pipelineTask, action);
        return this;
    }

    /**
     * Submits a PipelineRun: admitted as the webhook admits it, then checked as Tekton's PipelineRun reconciler
     * checks it before it creates any TaskRun ({@link TektonRunChecks}); only then do the tasks run.
     */
    public PipelineRun run(JsonNode pipelineRun) {
        TektonValidation.admit(pipelineRun);
        JsonNode spec = pipelineRun.path("spec");
        String runName = pipelineRun.at("/metadata/name").asText("run-" + (runs + 1));
        pipelineRunName = runName;
        pipelineRunUid = UUID.randomUUID().toString();
        String pipelineName;
        JsonNode pipelineSpec;
        if (spec.has("pipelineSpec")) {
            pipelineName = runName;
            pipelineSpec = spec.get("pipelineSpec");
        } else {
            JsonNode pipeline = resolve(spec.path("pipelineRef"), "pipeline", Map.of(), Map.of());
            pipelineName = pipeline.at("/metadata/name").asText();
            pipelineSpec = pipeline.path("spec");
        }
        requireKnownPipelineTasks(spec.path("taskRunSpecs"), pipelineSpec, pipelineName);
        TektonRunChecks checks = new TektonRunChecks(namespace, runName, pipelineName);
        checks.beforeTasks(pipelineSpec, spec);
        Map<String, Object> declaredParams = Params.bind(
                pipelineSpec.path("params"),
                declaredOnly(pipelineSpec.path("params"), spec.path("params")),
                pipelineName);
        Map<String, JsonNode> resolved = new LinkedHashMap<>();
        for (String section : List.of("tasks", "finally")) {
            for (JsonNode pipelineTask : pipelineSpec.path(section)) {
                resolved.put(
                        pipelineTask.path("name").asText(),
                        resolve(pipelineTask.path("taskRef"), "task", declaredParams, Map.of()));
            }
        }
        checks.resolvedTasks(pipelineSpec, resolved);
        Map<String, Object> params = declaredParams;
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
                            : runPipelineTask(pipelineTask, resolved, params, workspaces, taskRuns));
        }
        for (JsonNode finallyTask : pipelineSpec.path("finally")) {
            String name = finallyTask.path("name").asText();
            taskRuns.put(
                    name,
                    resultsAvailable(finallyTask, taskRuns)
                            ? runPipelineTask(finallyTask, resolved, params, workspaces, taskRuns)
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
        return new TaskRun(name, Status.SKIPPED, Map.of(), "", 0, "", 0);
    }

    /** Tekton ignores params a PipelineRun or pipeline task passes but the Pipeline or Task does not declare. */
    private static JsonNode declaredOnly(JsonNode declared, JsonNode supplied) {
        List<String> names = new ArrayList<>();
        declared.forEach(param -> names.add(param.path("name").asText()));
        ArrayNode kept = new ObjectMapper().createArrayNode();
        supplied.forEach(param -> {
            if (names.contains(param.path("name").asText())) {
                kept.add(param);
            }
        });
        return kept;
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
                names.add(result.group(2));
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
            TaskRun run = taskRuns.get(result.group(2));
            if (run == null) {
                throw new WorkflowException("no task '" + result.group(2) + "' for " + variable);
            }
            String value = run.results().get(result.group(3));
            if (value == null) {
                throw new WorkflowException("task '" + result.group(2) + "' wrote no result '" + result.group(3)
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
            case "context.pipelineRun.name" -> Optional.of(pipelineRunName);
            case "context.pipelineRun.uid" -> Optional.of(pipelineRunUid);
            default -> Optional.empty();
        };
    }

    private TaskRun runPipelineTask(
            JsonNode pipelineTask,
            Map<String, JsonNode> resolved,
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
        JsonNode task = resolved.get(name);
        ArrayNode supplied = new ObjectMapper().createArrayNode();
        for (JsonNode param : declaredOnly(task.at("/spec/params"), pipelineTask.path("params"))) {
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
        // Tekton runs a failed task again, up to its retries, with fresh results, in the same TaskRun (see TaskRun).
        int attempts = 1 + pipelineTask.path("retries").asInt(0);
        TaskRunIdentity identity = new TaskRunIdentity(
                pipelineRunName + "-" + name, UUID.randomUUID().toString());
        TaskRun run = runTask(name, task, supplied, workspaces, identity, 0);
        for (int attempt = 1; attempt < attempts && run.status() == Status.FAILED; attempt++) {
            run = runTask(name, task, supplied, workspaces, identity, attempt);
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

    /**
     * A taskRef or pipelineRef: by name (what was applied), or through the git or cluster resolver
     * ({@link TektonResolver}), with the pipeline's params and context substituted in the resolver's params.
     */
    private JsonNode resolve(
            JsonNode ref, String kind, Map<String, Object> pipelineParams, Map<String, TaskRun> taskRuns) {
        Map<String, JsonNode> applied = kind.equals("task") ? tasks : pipelines;
        if (!ref.has("resolver")) {
            String name = ref.path("name").asText();
            return Optional.ofNullable(applied.get(namespace + "/" + name))
                    .orElseThrow(() -> new WorkflowException(
                            (kind.equals("task") ? "tasks" : "pipelines") + ".tekton.dev \"" + name + "\" not found"));
        }
        Map<String, String> params = TektonResolver.params(
                ref,
                text -> Substitution.TEKTON.apply(
                        text, variable -> pipelineVariable(variable, pipelineParams, taskRuns)));
        JsonNode resource = switch (ref.path("resolver").asText()) {
            case "git" -> TektonResolver.git(params, kind);
            case "cluster" -> TektonResolver.cluster(params, tasks, pipelines);
            default ->
                throw new WorkflowException(
                        "the runner offers the git and cluster resolvers, not " + ref.path("resolver"));
        };
        TektonValidation.admit(resource);
        return resource;
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
            if (secrets.containsKey(secret)) {
                return secrets.get(secret);
            }
            if (!binding.at("/secret/optional").asBoolean(false)) {
                throw EngineStandIn.volumeNotFound(binding.path("name").asText(), "secret", secret);
            }
            return directory("missing-secret-" + secret);
        }
        if (binding.has("persistentVolumeClaim")) {
            String claim = binding.at("/persistentVolumeClaim/claimName").asText();
            return Optional.ofNullable(claims.get(claim)).orElseThrow(() -> new WorkflowException("no claim " + claim));
        }
        if (binding.has("configMap")) {
            String configMap = binding.at("/configMap/name").asText();
            if (configMaps.containsKey(configMap)) {
                return configMaps.get(configMap);
            }
            if (!binding.at("/configMap/optional").asBoolean(false)) {
                throw EngineStandIn.volumeNotFound(binding.path("name").asText(), "configmap", configMap);
            }
            return directory("missing-config-map-" + configMap);
        }
        if (binding.has("emptyDir")) {
            return directory("empty-dir");
        }
        throw new WorkflowException("unsupported workspace binding " + binding);
    }

    /** The TaskRun a pipeline task's attempts share. */
    private record TaskRunIdentity(String name, String uid) {}

    private TaskRun runTask(
            String name,
            JsonNode task,
            JsonNode suppliedParams,
            Map<String, Path> boundWorkspaces,
            TaskRunIdentity identity,
            int retryCount) {
        String taskName = task.at("/metadata/name").asText();
        JsonNode spec = task.path("spec");
        Map<String, Object> params = Params.bind(spec.path("params"), suppliedParams, "Task " + taskName);
        Map<String, String> workspaces = new HashMap<>();
        Map<String, Path> mounts = new HashMap<>();
        for (JsonNode workspace : spec.path("workspaces")) {
            String workspaceName = workspace.path("name").asText();
            Path path = boundWorkspaces.get(workspaceName);
            if (path == null && !workspace.path("optional").asBoolean(false)) {
                throw new WorkflowException("Task " + taskName + " needs workspace " + workspaceName);
            }
            // $(workspaces.<name>.path) is where the volume is mounted in the container, so a path under it in a
            // param (e.g. a file of the workspace) reaches the same file; an unbound workspace's path is empty
            String mountPath = mountPath(workspace);
            workspaces.put(workspaceName, path == null ? null : mountPath);
            if (path != null) {
                mounts.put(mountPath, path);
            }
        }
        for (String bound : boundWorkspaces.keySet()) {
            if (!workspaces.containsKey(bound)) {
                // pkg/workspace/validate.go ValidateBindings: the TaskRun fails before its pod starts
                throw new WorkflowException(
                        "workspace binding " + FieldError.quote(bound) + " does not match any declared workspace");
            }
        }
        List<String> declaredResults = new ArrayList<>();
        spec.path("results")
                .forEach(result -> declaredResults.add(result.path("name").asText()));
        Path results = directory("results-" + name);
        mounts.put(RESULTS_PATH, results);
        StringBuilder output = new StringBuilder();
        Status status = Status.SUCCEEDED;
        for (JsonNode step : spec.path("steps")) {
            StepVariables variables =
                    new StepVariables(params, workspaces, declaredResults, taskName, identity, namespace, retryCount);
            Container.Exit exit = container.run(
                    variables.list(step.path("command")),
                    variables.list(step.path("args")),
                    variables.env(step.path("env")),
                    mounts);
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
        return new TaskRun(name, status, written, output.toString(), size, identity.uid(), retryCount);
    }

    /**
     * Where a Task's workspace is mounted: {@code /workspace/<name>}, or its {@code mountPath}, taken under
     * {@code /workspace} when relative ({@code WorkspaceDeclaration.GetMountPath}).
     */
    private static String mountPath(JsonNode workspace) {
        String declared = workspace.path("mountPath").asText();
        if (declared.isEmpty()) {
            return "/workspace/" + workspace.path("name").asText();
        }
        return declared.startsWith("/") ? declared : "/workspace/" + declared;
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
            Map<String, String> workspaces,
            List<String> results,
            String taskName,
            TaskRunIdentity taskRun,
            String namespace,
            int retryCount) {

        Optional<String> resolve(String variable) {
            Optional<String> param = Params.string(variable, params);
            if (param.isPresent()) {
                return param;
            }
            Matcher workspace =
                    Pattern.compile("workspaces\\.([^.]+)\\.(path|bound)").matcher(variable);
            if (workspace.matches() && workspaces.containsKey(workspace.group(1))) {
                String path = workspaces.get(workspace.group(1));
                return Optional.of(
                        workspace.group(2).equals("bound") ? String.valueOf(path != null) : path == null ? "" : path);
            }
            Matcher result = Pattern.compile("results\\.([^.]+)\\.path").matcher(variable);
            if (result.matches() && results.contains(result.group(1))) {
                return Optional.of(RESULTS_PATH + "/" + result.group(1));
            }
            return switch (variable) {
                case "context.task.name" -> Optional.of(taskName);
                case "context.task.retry-count" -> Optional.of(String.valueOf(retryCount));
                case "context.taskRun.name" -> Optional.of(taskRun.name());
                case "context.taskRun.uid" -> Optional.of(taskRun.uid());
                case "context.taskRun.namespace" -> Optional.of(namespace);
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
