package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an Argo Workflow as the Argo controller would, without a cluster: templates local or by
 * {@code templateRef} into the installed WorkflowTemplates, steps and DAG templates, parameters
 * ({@code {{inputs.parameters.x}}}, {@code {{workflow.parameters.x}}}, {@code {{steps.s.outputs.parameters.p}}},
 * {@code {{tasks.t.outputs.parameters.p}}}), Secret and ConfigMap volumes (an optional one whose Secret or
 * ConfigMap is missing is an empty directory) and output parameters read from files ({@code valueFrom.path}). Each container runs in a
 * {@link Container}. A missing parameter or an output no container wrote is a {@link WorkflowException}; an
 * argument no input declares is ignored, as Argo ignores it (our YAML is held to declaring them by
 * {@link ArgoArgumentsDeclaredTest}). Resources are validated as Argo validates them ({@link ArgoValidator}, the rules in
 * {@link ArgoRule}): a WorkflowTemplate or ClusterWorkflowTemplate when it is applied, a Workflow when it is run.
 * A container template's {@code retryStrategy} is honoured as Argo's controller does (limit, retryPolicy,
 * expression; no waiting for the backoff), and {@code {{node.name}}} is the node's name as Argo forms it: the same
 * in every attempt of a retried step.
 */
public final class ArgoRunner {

    private static final Pattern STEP_OUTPUT = Pattern.compile("(steps|tasks)\\.([^.]+)\\.outputs\\.parameters\\.(.+)");

    public enum Phase {
        SUCCEEDED,
        FAILED
    }

    /**
     * A step's result: its outputs, its output (of the last attempt), how many attempts it took, and the pod spec
     * patch Argo would apply (empty when the template has none).
     */
    public record Node(
            String name, Phase phase, Map<String, String> outputs, String output, int attempts, JsonNode podSpecPatch) {

        Node(String name, Phase phase, Map<String, String> outputs, String output) {
            this(name, phase, outputs, output, 1, MissingNode.getInstance());
        }
    }

    /** What a test makes of one attempt of a step: {@code attempt} counts from 0, as Argo's {@code retries}. */
    @FunctionalInterface
    public interface Attempt {
        Container.Exit after(int attempt, Container.Exit exit);
    }

    /** One attempt of a container step as Argo records its pod: when it ran, its exit code and its outputs. */
    public record AttemptRecord(
            String step,
            int attempt,
            java.time.Instant startedAt,
            java.time.Instant finishedAt,
            int exitCode,
            Map<String, String> outputs) {}

    public record WorkflowRun(Phase phase, Map<String, Node> nodes, Map<String, String> outputs) {
        public Node node(String name) {
            return Optional.ofNullable(nodes.get(name))
                    .orElseThrow(() -> new AssertionError("no node " + name + " in " + nodes.keySet()));
        }
    }

    private record Scope(Map<String, JsonNode> templates, String owner) {}

    /** Retries beyond this many are a loop in the test, not a retry policy (Argo's limit may be unbounded). */
    private static final int MOST_ATTEMPTS = 20;

    private final Container container;
    private final Path work;
    private final Map<String, JsonNode> workflowTemplates = new HashMap<>();
    private final Map<String, JsonNode> clusterWorkflowTemplates = new HashMap<>();
    private final Map<String, Path> secrets = new HashMap<>();
    private final Map<String, Path> claims = new HashMap<>();
    private final Map<String, Path> configMaps = new HashMap<>();
    private final Map<String, Runnable> beforeStep = new HashMap<>();
    private final Map<String, Attempt> attempts = new HashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private Map<String, String> workflowParameters = Map.of();
    private Map<String, String> workflowGlobals = Map.of();
    private int containers;
    private java.util.function.Consumer<AttemptRecord> attemptRecorder = attempt -> {};

    public ArgoRunner(Container container, Path work) {
        this.container = container;
        this.work = work;
    }

    /** A runner that knows what {@code kubectl apply -f workflow-templates/} installs. */
    public static ArgoRunner installed(Container container, Path work) {
        ArgoRunner runner = new ArgoRunner(container, work);
        Yaml.files("workflow-templates").stream().map(Yaml::read).forEach(runner::apply);
        return runner;
    }

    /** Installs a WorkflowTemplate or ClusterWorkflowTemplate, validated as Argo validates it on creation. */
    public ArgoRunner apply(JsonNode template) {
        Map<String, JsonNode> installed = switch (template.path("kind").asText()) {
            case "WorkflowTemplate" -> workflowTemplates;
            case "ClusterWorkflowTemplate" -> clusterWorkflowTemplates;
            default -> throw new IllegalArgumentException("not a WorkflowTemplate or ClusterWorkflowTemplate");
        };
        String name = template.at("/metadata/name").asText();
        // A template may refer to itself by templateRef: it is visible while it is validated.
        JsonNode previous = installed.put(name, template);
        try {
            ArgoValidator.validateTemplate(template, this::resolve);
        } catch (WorkflowException e) {
            if (previous == null) {
                installed.remove(name);
            } else {
                installed.put(name, previous);
            }
            throw e;
        }
        return this;
    }

    /** A PersistentVolumeClaim: the directory its volume mounts. */
    public ArgoRunner claim(String name, Path directory) {
        claims.put(name, directory);
        return this;
    }

    /** Told of every attempt of every container step once it has ended, e.g. to write its pod's node. */
    public ArgoRunner recordAttempts(java.util.function.Consumer<AttemptRecord> recorder) {
        this.attemptRecorder = recorder;
        return this;
    }

    /** Decides what each attempt of the step (or DAG task) of this name ends with, e.g. a pod that dies. */
    public ArgoRunner onAttempt(String name, Attempt attempt) {
        attempts.put(name, attempt);
        return this;
    }

    private Optional<ArgoValidator.Resource> resolve(String name, boolean clusterScope) {
        return Optional.ofNullable((clusterScope ? clusterWorkflowTemplates : workflowTemplates).get(name))
                .map(ArgoValidator.Resource::of);
    }

    public ArgoRunner secret(String name, Path directory) {
        secrets.put(name, directory);
        return this;
    }

    /** A ConfigMap: the directory its volume mounts, one file per key. */
    public ArgoRunner configMap(String name, Path directory) {
        configMaps.put(name, directory);
        return this;
    }

    /** Something that happens in the world before a step or DAG task of this name runs. */
    public ArgoRunner beforeStep(String name, Runnable action) {
        beforeStep.put(name, action);
        return this;
    }

    private static Scope scope(JsonNode resource, String owner) {
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        resource.at("/spec/templates")
                .forEach(template -> templates.put(template.path("name").asText(), template));
        return new Scope(templates, owner);
    }

    /** Validates a Workflow as Argo does when it is submitted, against the templates installed here. */
    public ArgoRunner validate(JsonNode workflow) {
        ArgoValidator.validateWorkflow(workflow, this::resolve);
        return this;
    }

    public WorkflowRun run(JsonNode workflow) {
        validate(workflow);
        nodes.clear();
        Map<String, String> parameters = new LinkedHashMap<>();
        workflow.at("/spec/arguments/parameters")
                .forEach(parameter -> parameters.put(
                        parameter.path("name").asText(), parameter.path("value").asText()));
        workflowParameters = parameters;
        String name = workflow.at("/metadata/name").asText();
        if (name.isEmpty()) {
            name = workflow.at("/metadata/generateName").asText() + "x7k2p"; // the API server's random suffix
        }
        workflowGlobals = Map.of(
                "workflow.name",
                name,
                "workflow.namespace",
                "default",
                "workflow.uid",
                UUID.randomUUID().toString());
        Scope local = scope(workflow, "Workflow");
        String entrypoint = workflow.at("/spec/entrypoint").asText();
        JsonNode template = local.templates().get(entrypoint);
        // Argo binds the Workflow's arguments to the entrypoint's inputs (executeTemplate with spec.arguments).
        Node entry = execute(new Names(name, "main"), template, local, parameters);
        return new WorkflowRun(entry.phase(), Map.copyOf(nodes), entry.outputs());
    }

    /** A node's name as Argo forms it ({@code wf[0].step[1].inner}) and the short name the run reports it by. */
    private record Names(String argo, String step) {}

    private Node execute(Names names, JsonNode template, Scope scope, Map<String, String> arguments) {
        String templateName =
                scope.owner() + " template " + template.path("name").asText();
        Map<String, String> inputs = bindInputs(template.at("/inputs/parameters"), arguments, templateName);
        Function<String, Optional<String>> variables = variable ->
                variable.equals("node.name") ? Optional.of(names.argo()) : inputOrWorkflow(variable, inputs);
        Node node;
        if (template.has("steps")) {
            node = runSteps(names, template, scope, variables);
        } else if (template.has("dag")) {
            node = runDag(names, template, scope, variables);
        } else if (template.has("container")) {
            node = retried(names.step(), template, variables, templateName);
        } else {
            throw new WorkflowException(templateName + " is of a kind this runner does not run");
        }
        nodes.put(names.step(), node);
        return node;
    }

    /**
     * The template's inputs from the arguments, as {@code common.ProcessArgs} binds them: it looks up each declared
     * input by name, so an argument no input declares is never read (ignored, not refused).
     */
    private static Map<String, String> bindInputs(JsonNode declared, Map<String, String> arguments, String owner) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode parameter : declared) {
            String name = parameter.path("name").asText();
            String value = arguments.containsKey(name)
                    ? arguments.get(name)
                    : parameter.has("value")
                            ? parameter.path("value").asText()
                            : parameter.has("default")
                                    ? parameter.path("default").asText()
                                    : null;
            if (value == null) {
                throw new WorkflowException(owner + " needs input parameter '" + name + "'");
            }
            values.put(name, value);
        }
        return values;
    }

    private Optional<String> inputOrWorkflow(String variable, Map<String, String> inputs) {
        if (variable.startsWith("inputs.parameters.")) {
            return Optional.ofNullable(inputs.get(variable.substring("inputs.parameters.".length())));
        }
        if (variable.startsWith("workflow.parameters.")) {
            return Optional.ofNullable(workflowParameters.get(variable.substring("workflow.parameters.".length())));
        }
        return Optional.ofNullable(workflowGlobals.get(variable));
    }

    private Node runSteps(Names names, JsonNode template, Scope scope, Function<String, Optional<String>> inputs) {
        String nodeName = names.step();
        Map<String, Node> done = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode group : template.path("steps")) {
            String groupName = names.argo() + "[" + index++ + "]";
            for (JsonNode step : group) {
                Node node = runChild(
                        groupName + "." + step.path("name").asText(),
                        step,
                        scope,
                        variable -> childVariable(variable, "steps", done, inputs));
                done.put(step.path("name").asText(), node);
                if (node.phase() == Phase.FAILED) {
                    return new Node(nodeName, Phase.FAILED, Map.of(), node.output());
                }
            }
        }
        return new Node(
                nodeName,
                Phase.SUCCEEDED,
                outputs(template, variable -> childVariable(variable, "steps", done, inputs)),
                "");
    }

    private Node runDag(Names names, JsonNode template, Scope scope, Function<String, Optional<String>> inputs) {
        String nodeName = names.step();
        Map<String, Node> done = new LinkedHashMap<>();
        List<JsonNode> pending = new ArrayList<>();
        template.at("/dag/tasks").forEach(pending::add);
        while (!pending.isEmpty()) {
            JsonNode next = pending.stream()
                    .filter(task -> done.keySet().containsAll(dependencies(task)))
                    .findFirst()
                    .orElseThrow(() ->
                            new WorkflowException("DAG tasks depend on each other in a cycle or on a missing task"));
            pending.remove(next);
            Node node = runChild(
                    names.argo() + "." + next.path("name").asText(),
                    next,
                    scope,
                    variable -> childVariable(variable, "tasks", done, inputs));
            done.put(next.path("name").asText(), node);
            if (node.phase() == Phase.FAILED) {
                return new Node(nodeName, Phase.FAILED, Map.of(), node.output());
            }
        }
        return new Node(
                nodeName,
                Phase.SUCCEEDED,
                outputs(template, variable -> childVariable(variable, "tasks", done, inputs)),
                "");
    }

    private static List<String> dependencies(JsonNode task) {
        List<String> names = new ArrayList<>();
        task.path("dependencies").forEach(name -> names.add(name.asText()));
        if (task.has("depends")) {
            for (String term : task.path("depends").asText().split("[&|()!\\s]+")) {
                if (!term.isBlank()) {
                    names.add(term.replaceFirst("\\..*$", ""));
                }
            }
        }
        for (String variable : Substitution.ARGO.references(task.toString())) {
            Matcher output = STEP_OUTPUT.matcher(variable);
            if (output.matches()) {
                names.add(output.group(2));
            }
        }
        return names;
    }

    private static Optional<String> childVariable(
            String variable, String kind, Map<String, Node> done, Function<String, Optional<String>> inputs) {
        Matcher output = STEP_OUTPUT.matcher(variable);
        if (output.matches() && output.group(1).equals(kind)) {
            Node node = done.get(output.group(2));
            if (node == null) {
                throw new WorkflowException(variable + " refers to a " + kind + " entry that has not run");
            }
            String value = node.outputs().get(output.group(3));
            if (value == null) {
                throw new WorkflowException(output.group(2) + " has no output parameter '" + output.group(3) + "'");
            }
            return Optional.of(value);
        }
        return inputs.apply(variable);
    }

    private Node runChild(String argoName, JsonNode step, Scope scope, Function<String, Optional<String>> variables) {
        String name = step.path("name").asText();
        Map<String, String> arguments = new LinkedHashMap<>();
        for (JsonNode argument : step.at("/arguments/parameters")) {
            arguments.put(
                    argument.path("name").asText(),
                    Substitution.ARGO.apply(argument.path("value").asText(), variables));
        }
        JsonNode template;
        Scope target;
        if (step.has("templateRef")) {
            String owner = step.at("/templateRef/name").asText();
            boolean clusterScope = step.at("/templateRef/clusterScope").asBoolean(false);
            target = scope(
                    (clusterScope ? clusterWorkflowTemplates : workflowTemplates).get(owner),
                    (clusterScope ? "ClusterWorkflowTemplate " : "WorkflowTemplate ") + owner);
            template = target.templates().get(step.at("/templateRef/template").asText());
        } else {
            target = scope;
            template = scope.templates().get(step.path("template").asText());
        }
        Optional.ofNullable(beforeStep.get(name)).ifPresent(Runnable::run);
        return execute(new Names(argoName, name), template, target, arguments);
    }

    private static Map<String, String> outputs(JsonNode template, Function<String, Optional<String>> variables) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (JsonNode parameter : template.at("/outputs/parameters")) {
            JsonNode from = parameter.path("valueFrom");
            outputs.put(
                    parameter.path("name").asText(),
                    Substitution.ARGO.apply(from.path("parameter").asText(), variables));
        }
        return outputs;
    }

    /**
     * Runs a container template, again while its retryStrategy says so, as Argo's processNodeRetries decides: the
     * policy (retryPolicy, else Always with an expression, else OnFailure) must retry a Failed node, fewer than
     * {@code limit} retries have run, and the expression holds for the last attempt. Each attempt sees
     * {@code {{retries}}}; {@code {{node.name}}} is the retry node's name in all of them.
     */
    private Node retried(
            String nodeName, JsonNode template, Function<String, Optional<String>> variables, String owner) {
        JsonNode strategy = template.path("retryStrategy");
        Attempt hook = attempts.getOrDefault(nodeName, (attempt, exit) -> exit);
        for (int attempt = 0; ; attempt++) {
            String retries = Integer.toString(attempt);
            int[] exitCode = new int[1];
            java.time.Instant startedAt = java.time.Instant.now();
            Node node = runContainer(
                    nodeName,
                    template,
                    variable -> variable.equals("retries") ? Optional.of(retries) : variables.apply(variable),
                    owner,
                    exit -> {
                        Container.Exit decided = hook.after(Integer.parseInt(retries), exit);
                        exitCode[0] = decided.code();
                        return decided;
                    });
            attemptRecorder.accept(new AttemptRecord(
                    nodeName, attempt, startedAt, java.time.Instant.now(), exitCode[0], node.outputs()));
            Node counted = new Node(
                    node.name(), node.phase(), node.outputs(), node.output(), attempt + 1, node.podSpecPatch());
            if (node.phase() == Phase.SUCCEEDED
                    || strategy.isMissingNode()
                    || !RetryDecision.retry(strategy, attempt + 1, exitCode[0])) {
                return counted;
            }
            if (attempt + 1 >= MOST_ATTEMPTS) {
                throw new WorkflowException(owner + " was tried " + MOST_ATTEMPTS + " times: set retryStrategy.limit");
            }
        }
    }

    private Node runContainer(
            String nodeName,
            JsonNode template,
            Function<String, Optional<String>> variables,
            String owner,
            java.util.function.UnaryOperator<Container.Exit> attempt) {
        Map<String, Path> volumes = new HashMap<>();
        for (JsonNode volume : template.path("volumes")) {
            volumes.put(volume.path("name").asText(), volume(volume, variables));
        }
        Map<String, Path> mounts = new LinkedHashMap<>();
        JsonNode spec = template.path("container");
        for (JsonNode mount : spec.path("volumeMounts")) {
            Path directory = Optional.ofNullable(volumes.get(mount.path("name").asText()))
                    .orElseThrow(() -> new WorkflowException(
                            owner + " mounts volume " + mount.path("name").asText() + ", which it does not declare"));
            mounts.put(mount.path("mountPath").asText(), directory);
        }
        List<String> command = new ArrayList<>();
        spec.path("command").forEach(part -> command.add(Substitution.ARGO.apply(part.asText(), variables)));
        List<String> args = new ArrayList<>();
        spec.path("args").forEach(part -> args.add(Substitution.ARGO.apply(part.asText(), variables)));
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : spec.path("env")) {
            env.put(
                    variable.path("name").asText(),
                    Substitution.ARGO.apply(variable.path("value").asText(), variables));
        }
        Substitution.ARGO.apply(spec.path("image").asText(), variables);
        JsonNode podSpecPatch = template.has("podSpecPatch")
                ? Yaml.parse(
                        Substitution.ARGO.apply(template.path("podSpecPatch").asText(), variables))
                : MissingNode.getInstance();
        Container.Exit exit = attempt.apply(container.run(command, args, env, mounts));
        Map<String, String> outputs = new LinkedHashMap<>();
        for (JsonNode parameter : template.at("/outputs/parameters")) {
            outputs.put(parameter.path("name").asText(), outputFile(parameter, mounts, owner, exit.code() == 0));
        }
        return new Node(
                nodeName, exit.code() == 0 ? Phase.SUCCEEDED : Phase.FAILED, outputs, exit.output(), 1, podSpecPatch);
    }

    private Path volume(JsonNode volume, Function<String, Optional<String>> variables) {
        if (volume.has("secret")) {
            String secret =
                    Substitution.ARGO.apply(volume.at("/secret/secretName").asText(), variables);
            if (secrets.containsKey(secret)) {
                return secrets.get(secret);
            }
            if (!volume.at("/secret/optional").asBoolean(false)) {
                throw EngineStandIn.volumeNotFound(volume.path("name").asText(), "secret", secret);
            }
            return directory("missing-secret-" + secret);
        }
        if (volume.has("configMap")) {
            String configMap =
                    Substitution.ARGO.apply(volume.at("/configMap/name").asText(), variables);
            if (configMaps.containsKey(configMap)) {
                return configMaps.get(configMap);
            }
            if (!volume.at("/configMap/optional").asBoolean(false)) {
                throw EngineStandIn.volumeNotFound(volume.path("name").asText(), "configmap", configMap);
            }
            return directory("missing-config-map-" + configMap);
        }
        if (volume.has("persistentVolumeClaim")) {
            String claim = Substitution.ARGO.apply(
                    volume.at("/persistentVolumeClaim/claimName").asText(), variables);
            return Optional.ofNullable(claims.get(claim))
                    .orElseThrow(() -> new WorkflowException(
                            "PersistentVolumeClaim " + claim + " does not exist: the" + " pod would stay Pending"));
        }
        if (volume.has("emptyDir")) {
            return directory("empty-dir-" + volume.path("name").asText());
        }
        throw new WorkflowException("unsupported volume " + volume);
    }

    /** A container that succeeded must have written every output: a default would hide a YAML/executor mismatch. */
    private static String outputFile(JsonNode parameter, Map<String, Path> mounts, String owner, boolean succeeded) {
        String path = parameter.at("/valueFrom/path").asText();
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            if (path.startsWith(mount.getKey() + "/")) {
                Path file =
                        mount.getValue().resolve(path.substring(mount.getKey().length() + 1));
                try {
                    if (Files.exists(file)) {
                        return Files.readString(file, StandardCharsets.UTF_8);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!succeeded && parameter.at("/valueFrom").has("default")) {
                    return parameter.at("/valueFrom/default").asText();
                }
                throw new WorkflowException(owner + ": no file " + path + " for output "
                        + parameter.path("name").asText());
            }
        }
        throw new WorkflowException(owner + ": output " + parameter.path("name").asText() + " reads " + path
                + ", which is on no volume (the runner could not see it)");
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(work.resolve("container-" + (++containers) + "-" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
