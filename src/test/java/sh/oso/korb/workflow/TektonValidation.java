package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Tekton's admission webhook checks when a Task, Pipeline or PipelineRun is applied: the rules of
 * {@code pkg/apis/pipeline/v1/*_validation.go} that apply to korb's YAML and what users write around it (the
 * table: {@link TektonRule}). A refusal carries the webhook's own text, field paths included.
 */
final class TektonValidation {

    static final String WEBHOOK =
            "admission webhook \"validation.webhook.pipeline.tekton.dev\" denied the request:" + " validation failed: ";

    private static final Pattern STRING_OR_ARRAY_NAME = Pattern.compile("^[_a-zA-Z][_a-zA-Z0-9.-]*$");
    private static final Pattern OBJECT_NAME = Pattern.compile("^[_a-zA-Z][_a-zA-Z0-9-]*$");
    static final String RESULT_NAME_FORMAT = "^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$";
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private TektonValidation() {}

    /** Refuses, as {@code kubectl apply} would be refused, what the webhook does not admit. */
    static void admit(JsonNode resource) {
        FieldError errors = switch (resource.path("kind").asText()) {
            case "Task" -> task(resource);
            case "Pipeline" -> pipeline(resource);
            case "PipelineRun" ->
                resource.at("/spec/pipelineSpec").isObject()
                        ? pipelineSpec(resource.at("/spec/pipelineSpec")).viaField("spec.pipelineSpec")
                        : FieldError.NONE;
            default -> FieldError.NONE;
        };
        if (!errors.isEmpty()) {
            throw new WorkflowException(WEBHOOK + errors.error());
        }
    }

    // ---- Task (task_validation.go) ----

    /** {@code Task.Validate}. */
    static FieldError task(JsonNode task) {
        JsonNode spec = task.path("spec");
        return taskSpec(spec).also(usageOfDeclaredParameters(spec)).viaField("spec");
    }

    /** {@code TaskSpec.Validate}, the parts korb's Tasks touch. */
    static FieldError taskSpec(JsonNode spec) {
        FieldError errors = FieldError.NONE;
        if (spec.path("steps").isEmpty()) {
            errors = errors.also(FieldError.missingField("steps"));
        }
        errors = errors.also(declaredWorkspaces(spec).viaField("workspaces"));
        errors = errors.also(parameterTypes(spec.path("params")).viaField("params"));
        errors = errors.also(noDuplicateNames(spec.path("params")));
        errors = errors.also(nameFormat(spec.path("params")));
        errors = errors.also(stepsEach(
                spec.path("steps"),
                (value, array) -> array
                        ? TektonVariables.isolated(value, "params", arrayParams(spec.path("params")))
                        : TektonVariables.prohibited(value, "params", arrayParams(spec.path("params")))));
        errors = errors.also(stepsEach(
                spec.path("steps"),
                (value, array) -> TektonVariables.noUnknown(
                                value, "context\\.taskRun", Set.of("name", "namespace", "uid"))
                        .also(TektonVariables.noUnknown(value, "context\\.task", Set.of("name", "retry-count")))));
        errors = errors.also(resultsVariables(spec));
        JsonNode results = spec.path("results");
        for (int i = 0; i < results.size(); i++) {
            String name = results.get(i).path("name").asText();
            if (!Pattern.matches(RESULT_NAME_FORMAT, name)) {
                errors = errors.also(FieldError.withDetails(
                                "invalid key name " + FieldError.quote(name),
                                "Name must consist of alphanumeric characters, '-', '_', and must start and end"
                                        + " with an alphanumeric character (e.g. 'MyName',  or 'my-name',  or"
                                        + " 'my_name', regex used for validation is '" + RESULT_NAME_FORMAT + "')",
                                "name")
                        .viaIndex(i)
                        .viaField("results"));
            }
        }
        return errors;
    }

    /** {@code ValidateUsageOfDeclaredParameters}: every {@code $(params.x)} in a step is a declared param. */
    private static FieldError usageOfDeclaredParameters(JsonNode spec) {
        JsonNode params = spec.path("params");
        Set<String> names = names(params);
        FieldError errors =
                stepsEach(spec.path("steps"), (value, array) -> TektonVariables.noUnknown(value, "params", names));
        Set<String> objects = new LinkedHashSet<>();
        for (JsonNode param : params) {
            if (type(param).equals("object")) {
                objects.add(param.path("name").asText());
                Set<String> keys = new HashSet<>();
                param.path("properties").fieldNames().forEachRemaining(keys::add);
                String prefix = "params\\." + Pattern.quote(param.path("name").asText());
                errors = errors.also(stepsEach(
                        spec.path("steps"), (value, array) -> TektonVariables.noUnknown(value, prefix, keys)));
            }
        }
        errors = errors.also(stepsEach(
                spec.path("steps"), (value, array) -> TektonVariables.entireProhibited(value, "params", objects)));
        for (JsonNode param : params) {
            if (type(param).equals("object") && !param.has("properties")) {
                errors = errors.also(FieldError.missingField(param.path("name").asText() + ".properties"));
            }
        }
        return errors;
    }

    @FunctionalInterface
    private interface Check {
        /** {@code array}: the field is a command or args item, where an array may stand alone. */
        FieldError apply(String value, boolean array);
    }

    /** A check over each step's name, image, workingDir, script, command, args and env, with Tekton's paths. */
    private static FieldError stepsEach(JsonNode steps, Check check) {
        FieldError errors = FieldError.NONE;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            FieldError stepErrors = FieldError.NONE;
            for (String field : List.of("name", "image", "workingDir", "script")) {
                stepErrors = stepErrors.also(
                        check.apply(step.path(field).asText(), false).viaField(field));
            }
            for (String field : List.of("command", "args")) {
                JsonNode items = step.path(field);
                for (int j = 0; j < items.size(); j++) {
                    stepErrors = stepErrors.also(
                            check.apply(items.get(j).asText(), true).viaFieldIndex(field, j));
                }
            }
            for (JsonNode env : step.path("env")) {
                stepErrors = stepErrors.also(check.apply(env.path("value").asText(), false)
                        .viaFieldKey("env", env.path("name").asText()));
            }
            errors = errors.also(stepErrors.viaFieldIndex("steps", i));
        }
        return errors;
    }

    /** The type Tekton's defaulting gives a ParamSpec ({@code ParamSpec.SetDefaults}). */
    static String type(JsonNode param) {
        if (param.hasNonNull("type")) {
            return param.path("type").asText();
        }
        if (param.has("properties")) {
            return "object";
        }
        return param.has("default") ? valueType(param.get("default")) : "string";
    }

    /** The type of a ParamValue, as its JSON shape decides it. */
    static String valueType(JsonNode value) {
        return value.isArray() ? "array" : value.isObject() ? "object" : "string";
    }

    private static Set<String> names(JsonNode params) {
        Set<String> names = new LinkedHashSet<>();
        params.forEach(param -> names.add(param.path("name").asText()));
        return names;
    }

    private static Set<String> arrayParams(JsonNode params) {
        Set<String> names = new LinkedHashSet<>();
        params.forEach(param -> {
            if (type(param).equals("array")) {
                names.add(param.path("name").asText());
            }
        });
        return names;
    }

    /** {@code ValidateParameterTypes} / {@code ParamSpec.ValidateType}. */
    private static FieldError parameterTypes(JsonNode params) {
        FieldError errors = FieldError.NONE;
        for (JsonNode param : params) {
            String name = param.path("name").asText();
            String type = type(param);
            if (!List.of("string", "array", "object").contains(type)) {
                errors = errors.also(FieldError.invalidValue(type, name + ".type"));
            } else if (param.has("default") && !valueType(param.get("default")).equals(type)) {
                errors = errors.also(FieldError.generic(
                        FieldError.quote(type) + " type does not match default value's type: "
                                + FieldError.quote(valueType(param.get("default"))),
                        name + ".type",
                        name + ".default.type"));
            }
        }
        return errors;
    }

    /** {@code ParamSpecs.ValidateNoDuplicateNames}. */
    private static FieldError noDuplicateNames(JsonNode params) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new TreeSet<>();
        params.forEach(param -> {
            if (!seen.add(param.path("name").asText())) {
                duplicates.add(param.path("name").asText());
            }
        });
        FieldError errors = FieldError.NONE;
        for (String duplicate : duplicates) {
            errors = errors.also(
                    FieldError.generic("parameter appears more than once", "").viaFieldKey("params", duplicate));
        }
        return errors;
    }

    /** {@code validateNameFormat}. */
    private static FieldError nameFormat(JsonNode params) {
        List<String> invalid = new ArrayList<>();
        Map<String, List<String>> invalidObjects = new LinkedHashMap<>();
        for (JsonNode param : params) {
            String name = param.path("name").asText();
            if (type(param).equals("object")) {
                if (!OBJECT_NAME.matcher(name).matches()) {
                    invalidObjects.put(name, new ArrayList<>());
                }
                param.path("properties").fieldNames().forEachRemaining(key -> {
                    if (!OBJECT_NAME.matcher(key).matches()) {
                        invalidObjects
                                .computeIfAbsent(name, n -> new ArrayList<>())
                                .add(key);
                    }
                });
            } else if (!STRING_OR_ARRAY_NAME.matcher(name).matches()) {
                invalid.add(name);
            }
        }
        FieldError errors = FieldError.NONE;
        if (!invalid.isEmpty()) {
            errors = errors.also(FieldError.withDetails(
                    "The format of following array and string variable names is invalid: "
                            + invalid.stream().sorted().collect(Collectors.joining(" ", "[", "]")),
                    "String/Array Names: \nMust only contain alphanumeric characters, hyphens (-), underscores (_),"
                            + " and dots (.)\nMust begin with a letter or an underscore (_)",
                    "params"));
        }
        if (!invalidObjects.isEmpty()) {
            errors = errors.also(FieldError.withDetails(
                    "Object param name and key name format is invalid: "
                            + invalidObjects.entrySet().stream()
                                    .map(entry -> entry.getKey() + ":"
                                            + entry.getValue().stream().collect(Collectors.joining(" ", "[", "]")))
                                    .collect(Collectors.joining(" ", "map[", "]")),
                    "Object Names: \nMust only contain alphanumeric characters, hyphens (-), underscores (_) \nMust"
                            + " begin with a letter or an underscore (_)",
                    "params"));
        }
        return errors;
    }

    /**
     * {@code validateTaskResultsVariables}: a {@code $(results.x.path)} in a step's script names a declared result.
     * Tekton looks at the script only, not at command, args or env.
     */
    private static FieldError resultsVariables(JsonNode spec) {
        Set<String> results = names(spec.path("results"));
        JsonNode steps = spec.path("steps");
        FieldError errors = FieldError.NONE;
        for (int i = 0; i < steps.size(); i++) {
            errors = errors.also(
                    TektonVariables.noUnknown(steps.get(i).path("script").asText(), "results", results)
                            .viaField("script")
                            .viaFieldIndex("steps", i));
        }
        return errors;
    }

    /**
     * {@code validateDeclaredWorkspaces}: workspace names unique, and no two mount paths alike (a workspace mounts at
     * {@code mountPath}, by default {@code /workspace/<name>}; steps' and the step template's volumeMounts count).
     */
    private static FieldError declaredWorkspaces(JsonNode spec) {
        Set<String> mountPaths = new HashSet<>();
        for (JsonNode step : spec.path("steps")) {
            step.path("volumeMounts")
                    .forEach(mount ->
                            mountPaths.add(clean(mount.path("mountPath").asText())));
        }
        spec.at("/stepTemplate/volumeMounts")
                .forEach(mount -> mountPaths.add(clean(mount.path("mountPath").asText())));
        JsonNode workspaces = spec.path("workspaces");
        Set<String> seen = new HashSet<>();
        FieldError errors = FieldError.NONE;
        for (int i = 0; i < workspaces.size(); i++) {
            JsonNode workspace = workspaces.get(i);
            String name = workspace.path("name").asText();
            if (!seen.add(name)) {
                errors = errors.also(
                        FieldError.generic("workspace name " + FieldError.quote(name) + " must be unique", "name")
                                .viaIndex(i));
            }
            String declared = workspace.path("mountPath").asText();
            String mountPath = clean(declared.isEmpty() ? "/workspace/" + name : declared);
            if (!mountPaths.add(mountPath)) {
                errors = errors.also(FieldError.generic(
                                "workspace mount path " + FieldError.quote(mountPath) + " must be unique", "mountpath")
                        .viaIndex(i));
            }
        }
        return errors;
    }

    /** Go's {@code filepath.Clean} for the absolute paths mounts use. */
    private static String clean(String path) {
        return path.isEmpty() ? "." : Path.of(path).normalize().toString();
    }

    /** {@code validatePipelineWorkspacesDeclarations}: pipeline workspace names not empty and unique. */
    private static FieldError pipelineWorkspacesDeclarations(JsonNode workspaces) {
        Set<String> seen = new HashSet<>();
        FieldError errors = FieldError.NONE;
        for (int i = 0; i < workspaces.size(); i++) {
            String name = workspaces.get(i).path("name").asText();
            if (name.isEmpty()) {
                errors = errors.also(FieldError.invalidValue("workspace " + i + " has empty name", "")
                        .viaFieldIndex("workspaces", i));
            }
            if (!seen.add(name)) {
                errors = errors.also(FieldError.invalidValue(
                                "workspace with name " + FieldError.quote(name) + " appears more than once", "")
                        .viaFieldIndex("workspaces", i));
            }
        }
        return errors;
    }

    /**
     * {@code validatePipelineContextVariables}: {@code $(context.pipelineRun.*)}, {@code $(context.pipeline.*)} and
     * {@code $(context.pipelineTask.*)} in param values name a context variable Tekton has. Its loop assigns the
     * values of each task instead of appending them ({@code paramValues = task.extractAllParams().extractValues()}),
     * so only the last task of the list is looked at; the runner does the same, to be no stricter than Tekton.
     */
    private static FieldError pipelineContextVariables(JsonNode tasks) {
        List<String> values = new ArrayList<>();
        if (!tasks.isEmpty()) {
            tasks.get(tasks.size() - 1).path("params").forEach(param -> values.addAll(values(param.path("value"))));
        }
        FieldError errors = FieldError.NONE;
        for (String value : values) {
            errors = errors.also(
                    TektonVariables.noUnknown(value, "context\\.pipelineRun", Set.of("name", "namespace", "uid"))
                            .also(TektonVariables.noUnknown(value, "context\\.pipeline", Set.of("name")))
                            .also(TektonVariables.noUnknown(value, "context\\.pipelineTask", Set.of("retries")))
                            .viaField("value"));
        }
        return errors;
    }

    // ---- Pipeline (pipeline_validation.go) ----

    /** {@code Pipeline.Validate}: the spec, and (for a Pipeline applied on its own) param and workspace usage. */
    static FieldError pipeline(JsonNode pipeline) {
        JsonNode spec = pipeline.path("spec");
        return pipelineSpec(spec)
                .viaField("spec")
                .also(parameterUsage(spec).viaField("spec"))
                .also(workspacesUsage(spec, "tasks")
                        .viaField("tasks")
                        .also(workspacesUsage(spec, "finally").viaField("finally"))
                        .viaField("spec"));
    }

    /** {@code PipelineSpec.Validate}, the parts that apply to korb's Pipelines and those built around them. */
    static FieldError pipelineSpec(JsonNode spec) {
        JsonNode tasks = spec.path("tasks");
        JsonNode finallyTasks = spec.path("finally");
        FieldError errors = pipelineTaskList(tasks, "tasks", new HashSet<>())
                .also(pipelineTaskList(finallyTasks, "finally", names(tasks)));
        errors = errors.also(graph(tasks));
        // ValidatePipelineParameterVariables runs once with the tasks and once with the finally tasks, so its
        // errors carry both prefixes
        for (String section : List.of("tasks", "finally")) {
            errors = errors.also(parameterTypes(spec.path("params"))
                    .viaField("params")
                    .also(noDuplicateNames(spec.path("params")))
                    .viaField(section));
        }
        errors = errors.also(pipelineContextVariables(tasks).viaField("tasks"))
                .also(pipelineContextVariables(finallyTasks).viaField("finally"));
        errors = errors.also(executionStatusInTasks(tasks).viaField("tasks"));
        errors =
                errors.also(executionStatusInFinally(names(tasks), finallyTasks).viaField("finally"));
        errors = errors.also(pipelineWorkspacesDeclarations(spec.path("workspaces")));
        errors = errors.also(pipelineResults(spec.path("results"), names(tasks), names(finallyTasks)));
        if (!finallyTasks.isEmpty() && tasks.isEmpty()) {
            errors = errors.also(FieldError.invalidValue(
                    "spec.tasks is empty but spec.finally has " + finallyTasks.size() + " tasks", "finally"));
        }
        errors = errors.also(finalTasks(names(tasks), names(finallyTasks), finallyTasks));
        errors = errors.also(whenExpressions(tasks, "tasks")).also(whenExpressions(finallyTasks, "finally"));
        return errors;
    }

    /** {@code PipelineTaskList.Validate}: names are DNS labels and unique; a taskRef or a taskSpec. */
    private static FieldError pipelineTaskList(JsonNode tasks, String path, Set<String> taken) {
        FieldError errors = FieldError.NONE;
        Set<String> names = new HashSet<>(taken);
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            String name = task.path("name").asText();
            if (!DNS_LABEL.matcher(name).matches() || name.length() > 63) {
                errors = errors.also(FieldError.withDetails(
                                "invalid value " + FieldError.quote(name),
                                "Pipeline Task name must be a valid DNS Label.For more info refer to"
                                        + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names",
                                "name")
                        .viaFieldIndex(path, i));
            }
            if (!names.add(name)) {
                errors = errors.also(FieldError.generic("expected exactly one, got both", "name")
                        .viaFieldIndex(path, i));
            }
            if (task.has("taskRef") && task.has("taskSpec")) {
                errors = errors.also(FieldError.generic("expected exactly one, got multiple", "taskRef", "taskSpec")
                        .viaFieldIndex(path, i));
            } else if (!task.has("taskRef") && !task.has("taskSpec")) {
                errors = errors.also(FieldError.generic("expected exactly one, got neither", "taskRef", "taskSpec")
                        .viaFieldIndex(path, i));
            }
            if (task.has("taskSpec")) {
                errors = errors.also(
                        taskSpec(task.path("taskSpec")).viaField("taskSpec").viaFieldIndex(path, i));
            }
        }
        return errors;
    }

    /** {@code PipelineTask.Deps}: runAfter and the tasks whose results its params and when expressions use. */
    static List<String> dependencies(JsonNode task) {
        Set<String> deps = new TreeSet<>();
        for (TektonResultRef ref : TektonResultRef.all(expressions(task))) {
            deps.add(ref.pipelineTask());
        }
        task.path("runAfter").forEach(name -> deps.add(name.asText()));
        return List.copyOf(deps);
    }

    /** The expressions in a pipeline task's params and when expressions ({@code PipelineTaskResultRefs}). */
    private static List<String> expressions(JsonNode task) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode param : task.path("params")) {
            values(param.path("value")).forEach(value -> expressions.addAll(TektonVariables.expressions(value)));
        }
        for (JsonNode when : task.path("when")) {
            expressions.addAll(whenExpressions(when));
        }
        return expressions;
    }

    private static List<String> whenExpressions(JsonNode when) {
        List<String> expressions =
                new ArrayList<>(TektonVariables.expressions(when.path("input").asText()));
        when.path("values").forEach(value -> expressions.addAll(TektonVariables.expressions(value.asText())));
        return expressions;
    }

    /** The strings of a param value: the string, or an array's or object's items. */
    static List<String> values(JsonNode value) {
        List<String> values = new ArrayList<>();
        if (value.isContainerNode()) {
            value.forEach(item -> values.add(item.asText()));
        } else {
            values.add(value.asText());
        }
        return values;
    }

    /** {@code validateGraph} / {@code dag.Build}: no cycle, and every dependency names a task in spec.tasks. */
    private static FieldError graph(JsonNode tasks) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (JsonNode task : tasks) {
            List<String> taskDeps = dependencies(task);
            if (!taskDeps.isEmpty()) {
                deps.put(task.path("name").asText(), taskDeps);
            }
        }
        String cycle = cycle(deps);
        if (cycle != null) {
            return FieldError.invalidValue("cycle detected; " + cycle, "tasks");
        }
        Set<String> names = names(tasks);
        for (Map.Entry<String, List<String>> entry : deps.entrySet()) {
            for (String previous : entry.getValue()) {
                if (!names.contains(previous)) {
                    return FieldError.invalidValue(
                            "couldn't add link between " + entry.getKey() + " and " + previous + ": task "
                                    + entry.getKey() + " depends on " + previous + " but " + previous
                                    + " wasn't present in Pipeline",
                            "tasks");
                }
            }
        }
        return FieldError.NONE;
    }

    /** {@code findCyclesInDependencies} (Kahn's algorithm) and {@code getInterdependencyError}. */
    private static String cycle(Map<String, List<String>> deps) {
        Map<String, Set<String>> dag = new HashMap<>();
        Map<String, Set<String>> children = new HashMap<>();
        List<String> independent = new ArrayList<>();
        deps.forEach((task, taskDeps) -> {
            dag.put(task, new TreeSet<>(taskDeps));
            for (String dep : taskDeps) {
                if (!deps.containsKey(dep) && !independent.contains(dep)) {
                    independent.add(dep);
                }
                children.computeIfAbsent(dep, d -> new TreeSet<>()).add(task);
            }
        });
        while (!independent.isEmpty()) {
            String parent = independent.remove(0);
            for (String child : children.getOrDefault(parent, Set.of())) {
                Set<String> remaining = dag.get(child);
                if (remaining == null) {
                    continue;
                }
                remaining.remove(parent);
                if (remaining.isEmpty()) {
                    independent.add(child);
                    dag.remove(child);
                }
            }
        }
        if (dag.isEmpty()) {
            return null;
        }
        String first = new TreeSet<>(dag.keySet()).first();
        return "task " + FieldError.quote(first) + " depends on "
                + dag.get(first).stream().map(FieldError::quote).collect(Collectors.joining(", "));
    }

    private static boolean executionStatusRef(String expression) {
        return expression.startsWith("tasks.") && (expression.endsWith(".status") || expression.endsWith(".reason"));
    }

    /** {@code validateExecutionStatusVariablesDisallowed}: no {@code $(tasks.x.status)} outside finally. */
    private static FieldError executionStatusInTasks(JsonNode tasks) {
        FieldError errors = FieldError.NONE;
        String message = "pipeline tasks can not refer to execution status of any other pipeline task or aggregate"
                + " status of tasks";
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            FieldError taskErrors = FieldError.NONE;
            for (JsonNode param : task.path("params")) {
                List<String> expressions = new ArrayList<>();
                values(param.path("value")).forEach(value -> expressions.addAll(TektonVariables.expressions(value)));
                if (!TektonResultRef.anyLooksLike(expressions)
                        && expressions.stream().anyMatch(TektonValidation::executionStatusRef)) {
                    taskErrors = taskErrors.also(FieldError.invalidValue(message, "value")
                            .viaFieldKey("params", param.path("name").asText()));
                }
            }
            JsonNode whens = task.path("when");
            for (int j = 0; j < whens.size(); j++) {
                List<String> expressions = whenExpressions(whens.get(j));
                if (!TektonResultRef.anyLooksLike(expressions)
                        && expressions.stream().anyMatch(TektonValidation::executionStatusRef)) {
                    taskErrors =
                            taskErrors.also(FieldError.invalidValue(message, "").viaFieldIndex("when", j));
                }
            }
            errors = errors.also(taskErrors.viaIndex(i));
        }
        return errors;
    }

    /** {@code validateExecutionStatusVariablesAllowed}: a finally task reads the status of a task in spec.tasks. */
    private static FieldError executionStatusInFinally(Set<String> taskNames, JsonNode finallyTasks) {
        FieldError errors = FieldError.NONE;
        for (int i = 0; i < finallyTasks.size(); i++) {
            JsonNode task = finallyTasks.get(i);
            FieldError taskErrors = FieldError.NONE;
            for (JsonNode param : task.path("params")) {
                List<String> expressions = new ArrayList<>();
                values(param.path("value")).forEach(value -> expressions.addAll(TektonVariables.expressions(value)));
                taskErrors = taskErrors.also(statusOfKnownTasks(expressions, taskNames, "value")
                        .viaFieldKey("params", param.path("name").asText()));
            }
            JsonNode whens = task.path("when");
            for (int j = 0; j < whens.size(); j++) {
                taskErrors = taskErrors.also(statusOfKnownTasks(whenExpressions(whens.get(j)), taskNames, "")
                        .viaFieldIndex("when", j));
            }
            errors = errors.also(taskErrors.viaIndex(i));
        }
        return errors;
    }

    private static FieldError statusOfKnownTasks(List<String> expressions, Set<String> taskNames, String path) {
        FieldError errors = FieldError.NONE;
        if (TektonResultRef.anyLooksLike(expressions)) {
            return errors;
        }
        for (String expression : expressions) {
            if (expression.equals("tasks.status") || !executionStatusRef(expression)) {
                continue;
            }
            String task = expression.substring("tasks.".length(), expression.lastIndexOf('.'));
            if (!taskNames.contains(task)) {
                errors = errors.also(
                        FieldError.invalidValue("pipeline task " + task + " is not defined in the pipeline", path));
            }
        }
        return errors;
    }

    /** {@code validatePipelineResults}: a result reads task results; {@code tasks.} a task, {@code finally.} a finally task. */
    private static FieldError pipelineResults(JsonNode results, Set<String> taskNames, Set<String> finallyNames) {
        FieldError errors = FieldError.NONE;
        for (int i = 0; i < results.size(); i++) {
            String value = results.get(i).path("value").asText();
            List<String> expressions = TektonVariables.expressions(value);
            if (expressions.isEmpty()) {
                errors = errors.also(FieldError.invalidValue(
                                "expected pipeline results to be task result expressions but no expressions were found",
                                "value")
                        .viaFieldIndex("results", i));
            }
            if (!TektonResultRef.anyLooksLike(expressions)) {
                errors = errors.also(FieldError.invalidValue(
                                "expected pipeline results to be task result expressions but an invalid expressions"
                                        + " was found",
                                "value")
                        .viaFieldIndex("results", i));
            }
            if (!taskContainsResult(value, taskNames, finallyNames)) {
                errors = errors.also(FieldError.invalidValue("referencing a nonexistent task", "value")
                        .viaFieldIndex("results", i));
            }
        }
        return errors;
    }

    /** {@code taskContainsResult}, splitting on {@code $} as the Go code does. */
    private static boolean taskContainsResult(String value, Set<String> taskNames, Set<String> finallyNames) {
        for (String piece : value.split("\\$", -1)) {
            if (piece.isEmpty()) {
                continue;
            }
            String expression = TektonVariables.strip("$" + piece);
            var ref = TektonResultRef.parse(expression);
            if (ref.isEmpty()) {
                return false;
            }
            if (expression.startsWith("tasks") && !taskNames.contains(ref.get().pipelineTask())) {
                return false;
            }
            if (expression.startsWith("finally")
                    && !finallyNames.contains(ref.get().pipelineTask())) {
                return false;
            }
        }
        return true;
    }

    /** {@code validateFinalTasks}: no runAfter; results only from spec.tasks. */
    private static FieldError finalTasks(Set<String> taskNames, Set<String> finallyNames, JsonNode finallyTasks) {
        FieldError errors = FieldError.NONE;
        for (int i = 0; i < finallyTasks.size(); i++) {
            JsonNode task = finallyTasks.get(i);
            if (!task.path("runAfter").isEmpty()) {
                errors = errors.also(FieldError.invalidValue(
                                "no runAfter allowed under spec.finally, final task "
                                        + task.path("name").asText() + " has runAfter specified",
                                "")
                        .viaFieldIndex("finally", i));
            }
        }
        for (int i = 0; i < finallyTasks.size(); i++) {
            JsonNode task = finallyTasks.get(i);
            for (JsonNode param : task.path("params")) {
                List<String> expressions = new ArrayList<>();
                values(param.path("value")).forEach(value -> expressions.addAll(TektonVariables.expressions(value)));
                errors = errors.also(resultsInFinally(expressions, taskNames, finallyNames, "value")
                        .viaFieldKey("params", param.path("name").asText())
                        .viaFieldIndex("finally", i));
            }
            JsonNode whens = task.path("when");
            for (int j = 0; j < whens.size(); j++) {
                errors = errors.also(resultsInFinally(whenExpressions(whens.get(j)), taskNames, finallyNames, "")
                        .viaFieldIndex("when", j)
                        .viaFieldIndex("finally", i));
            }
        }
        return errors;
    }

    /** {@code validateResultsVariablesExpressionsInFinally}. */
    private static FieldError resultsInFinally(
            List<String> expressions, Set<String> taskNames, Set<String> finallyNames, String path) {
        FieldError errors = FieldError.NONE;
        if (!TektonResultRef.anyLooksLike(expressions)) {
            return errors;
        }
        for (TektonResultRef ref : TektonResultRef.all(expressions)) {
            if (finallyNames.contains(ref.pipelineTask())) {
                errors = errors.also(FieldError.invalidValue(
                        "invalid task result reference, final task has task result reference from a final task "
                                + ref.pipelineTask(),
                        path));
            } else if (!taskNames.contains(ref.pipelineTask())) {
                errors = errors.also(FieldError.invalidValue(
                        "invalid task result reference, final task has task result reference from a task "
                                + ref.pipelineTask() + " which is not defined in the pipeline",
                        path));
            }
        }
        return errors;
    }

    /** {@code WhenExpressions.validate}: operator in or notin, values not empty. */
    private static FieldError whenExpressions(JsonNode tasks, String path) {
        FieldError errors = FieldError.NONE;
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode whens = tasks.get(i).path("when");
            FieldError taskErrors = FieldError.NONE;
            for (int j = 0; j < whens.size(); j++) {
                JsonNode when = whens.get(j);
                String operator = when.path("operator").asText();
                FieldError error;
                if (when.isEmpty()) {
                    error = FieldError.missingField("");
                } else if (!operator.equals("in") && !operator.equals("notin")) {
                    error = FieldError.invalidValue(
                            "operator " + FieldError.quote(operator) + " is not recognized. valid operators: in,notin",
                            "");
                } else if (when.path("values").isEmpty()) {
                    error = FieldError.invalidValue("expecting non-empty values field", "");
                } else {
                    error = FieldError.NONE;
                }
                taskErrors = taskErrors.also(error.viaIndex(j));
            }
            errors = errors.also(taskErrors.viaField("when").viaFieldIndex(path, i));
        }
        return errors;
    }

    /** {@code validatePipelineTaskParameterUsage}: params used by pipeline tasks are declared, arrays used whole. */
    private static FieldError parameterUsage(JsonNode spec) {
        JsonNode params = spec.path("params");
        Set<String> all = names(params);
        Set<String> arrays = arrayParams(params);
        Map<String, Set<String>> objectKeys = new LinkedHashMap<>();
        for (JsonNode param : params) {
            if (type(param).equals("object")) {
                Set<String> keys = new TreeSet<>();
                param.path("properties").fieldNames().forEachRemaining(keys::add);
                objectKeys.put(param.path("name").asText(), keys);
            }
        }
        FieldError errors = FieldError.NONE;
        for (String section : List.of("tasks", "finally")) {
            JsonNode tasks = spec.path(section);
            FieldError sectionErrors = FieldError.NONE;
            for (int i = 0; i < tasks.size(); i++) {
                sectionErrors = sectionErrors.also(taskParameterUsage(tasks.get(i), all, arrays, objectKeys)
                        .viaIndex(i));
            }
            errors = errors.also(sectionErrors.viaField(section));
        }
        return errors;
    }

    private static FieldError taskParameterUsage(
            JsonNode task, Set<String> all, Set<String> arrays, Map<String, Set<String>> objectKeys) {
        FieldError errors = FieldError.NONE;
        for (JsonNode param : task.path("params")) {
            String name = param.path("name").asText();
            JsonNode value = param.path("value");
            if (value.isArray()) {
                for (int j = 0; j < value.size(); j++) {
                    errors = errors.also(arrayVariable(value.get(j).asText(), all, arrays, objectKeys)
                            .viaFieldIndex("value", j)
                            .viaFieldKey("params", name));
                }
            } else if (value.isObject()) {
                var keys = value.fieldNames();
                while (keys.hasNext()) {
                    String key = keys.next();
                    errors = errors.also(stringVariable(value.get(key).asText(), all, arrays, objectKeys)
                            .viaFieldKey("properties", key)
                            .viaFieldKey("params", name));
                }
            } else if (TektonVariables.isWholeReference(value.asText(), "params")) {
                errors = errors.also(
                        TektonVariables.noUnknown(value.asText(), "params", all).viaFieldKey("params", name));
            } else {
                errors = errors.also(
                        stringVariable(value.asText(), all, arrays, objectKeys).viaFieldKey("params", name));
            }
        }
        JsonNode whens = task.path("when");
        for (int j = 0; j < whens.size(); j++) {
            JsonNode when = whens.get(j);
            errors = errors.also(stringVariable(when.path("input").asText(), all, arrays, objectKeys)
                    .viaField("input")
                    .viaFieldIndex("when", j));
            for (JsonNode item : when.path("values")) {
                String value = item.asText();
                String arrayName = value.replaceFirst("^\\$\\(params\\.", "").replaceFirst("\\[\\*]\\)$", "");
                errors = errors.also((arrays.contains(arrayName)
                                ? arrayVariable(value, all, arrays, objectKeys)
                                : stringVariable(value, all, arrays, objectKeys))
                        .viaField("values")
                        .viaFieldIndex("when", j));
            }
        }
        return errors;
    }

    /** {@code validateStringVariable}: only string params, or one key of an object param. */
    private static FieldError stringVariable(
            String value, Set<String> all, Set<String> arrays, Map<String, Set<String>> objectKeys) {
        return TektonVariables.noUnknown(value, "params", all)
                .also(objectVariable(value, objectKeys))
                .also(TektonVariables.prohibited(value, "params", arrays));
    }

    /** {@code validateArrayVariable}: an array param only as the whole item. */
    private static FieldError arrayVariable(
            String value, Set<String> all, Set<String> arrays, Map<String, Set<String>> objectKeys) {
        return TektonVariables.noUnknown(value, "params", all)
                .also(objectVariable(value, objectKeys))
                .also(TektonVariables.isolated(value, "params", arrays));
    }

    /** {@code validateObjectVariable}: an object param's declared keys, never the whole object in a string. */
    private static FieldError objectVariable(String value, Map<String, Set<String>> objectKeys) {
        FieldError errors = FieldError.NONE;
        for (Map.Entry<String, Set<String>> object : objectKeys.entrySet()) {
            errors = errors.also(
                    TektonVariables.noUnknown(value, "params\\." + Pattern.quote(object.getKey()), object.getValue()));
        }
        return errors.also(TektonVariables.entireProhibited(value, "params", objectKeys.keySet()));
    }

    /** {@code validatePipelineTasksWorkspacesUsage}: a task binds only workspaces the pipeline declares. */
    private static FieldError workspacesUsage(JsonNode spec, String section) {
        Set<String> declared = names(spec.path("workspaces"));
        JsonNode tasks = spec.path(section);
        FieldError errors = FieldError.NONE;
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            JsonNode bindings = task.path("workspaces");
            Set<String> bound = new HashSet<>();
            FieldError taskErrors = FieldError.NONE;
            for (int j = 0; j < bindings.size(); j++) {
                JsonNode binding = bindings.get(j);
                String name = binding.path("name").asText();
                if (!bound.add(name)) {
                    taskErrors = taskErrors.also(
                            FieldError.generic("workspace name " + FieldError.quote(name) + " must be unique", "")
                                    .viaFieldIndex("workspaces", j));
                }
                String workspace = binding.path("workspace").asText(name);
                if (!declared.contains(workspace)) {
                    taskErrors = taskErrors.also(FieldError.invalidValue(
                                    "pipeline task "
                                            + FieldError.quote(task.path("name").asText())
                                            + " expects workspace with name " + FieldError.quote(workspace)
                                            + " but none exists in pipeline spec",
                                    "")
                            .viaFieldIndex("workspaces", j));
                }
            }
            errors = errors.also(taskErrors.viaIndex(i));
        }
        return errors;
    }
}
