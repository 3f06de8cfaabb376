package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import sh.oso.korb.cli.Korb;

/**
 * A default is written in several places: the executor's option, the Task params, the Pipeline params that feed
 * them and the Argo template's inputs. Wherever one is passed on as it is, the defaults agree, unless the
 * difference is deliberate and listed in {@link #DELIBERATE} with its reason.
 *
 * <p>A step passes a param to korb as {@code KORB_<OPTION>}; which option reads a variable is asked of korb's own
 * command line (its environment default provider), not worked out again here. An empty default passes an empty
 * variable, which korb ignores, so the option's own default applies: only non-empty defaults are compared with
 * the executor's.
 */
class ParamDefaultsTest {

    /** Param name -> why the workflows' default differs from the executor's. */
    private static final Map<String, String> DELIBERATE = Map.of(
            "storage-type",
            "in a cluster the Tasks and templates keep snapshots in a ConfigMap, which needs no volume; korb run by"
                    + " hand keeps them in a directory (pvc)");

    private static final Pattern TEKTON_PARAM = Pattern.compile("\\$\\(params\\.([a-z0-9-]+)\\)");
    private static final Pattern ARGO_INPUT = Pattern.compile("\\{\\{inputs\\.parameters\\.([a-z0-9-]+)}}");

    static Stream<Path> tasks() {
        return TektonCatalog.taskFiles().stream();
    }

    static Stream<Path> pipelines() {
        return Yaml.files("pipelines").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tasks")
    void eachTaskParamsDefaultIsTheExecutorsDefault(Path taskFile) {
        JsonNode task = Yaml.read(taskFile);
        Map<String, JsonNode> params = byName(task.at("/spec/params"));
        Comparison comparison = new Comparison();
        for (JsonNode step : task.at("/spec/steps")) {
            Map<String, String> options = optionDefaults(step.at("/args/0").asText(), step.path("env"));
            for (JsonNode variable : step.path("env")) {
                passedAsIs(TEKTON_PARAM, variable.path("value"))
                        .ifPresent(param -> comparison.withExecutor(
                                param,
                                defaultOf(params, param),
                                options.get(variable.path("name").asText()),
                                variable.path("name").asText()));
            }
        }

        comparison.assertAgree(taskFile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void eachPipelineParamsDefaultIsTheTaskParamsItFeeds(Path pipelineFile) {
        JsonNode pipeline = Yaml.read(pipelineFile);
        Map<String, JsonNode> params = byName(pipeline.at("/spec/params"));
        Map<String, JsonNode> tasks = new HashMap<>();
        TektonCatalog.taskFiles().stream()
                .map(Yaml::read)
                .forEach(task -> tasks.put(task.at("/metadata/name").asText(), task));
        Comparison comparison = new Comparison();
        for (JsonNode pipelineTask : allTasks(pipeline)) {
            JsonNode task = tasks.get(pipelineTask.at("/taskRef/name").asText());
            if (task == null) {
                continue; // a Task resolved at run time (the guarded change's own change)
            }
            Map<String, JsonNode> taskParams = byName(task.at("/spec/params"));
            for (JsonNode passed : pipelineTask.path("params")) {
                String name = passed.path("name").asText();
                passedAsIs(TEKTON_PARAM, passed.path("value"))
                        .filter(name::equals)
                        .ifPresent(param -> comparison.withEach(
                                param,
                                defaultOf(params, param),
                                defaultOf(taskParams, param),
                                "Task " + task.at("/metadata/name").asText()));
            }
        }

        comparison.assertAgree(pipelineFile);
    }

    @Test
    void eachTemplateInputsDefaultIsTheExecutorsAndTheStepsTemplatePassesTheSame() {
        Path file = Yaml.PROJECT.resolve("workflow-templates/kafka-offset.yaml");
        Map<String, JsonNode> templates = byName(Yaml.read(file).at("/spec/templates"));
        Comparison comparison = new Comparison();
        for (JsonNode template : templates.values()) {
            Map<String, JsonNode> inputs = byName(template.at("/inputs/parameters"));
            JsonNode container = template.path("container");
            if (!container.isMissingNode()) {
                Map<String, String> options =
                        optionDefaults(container.at("/args/0").asText(), container.path("env"));
                for (JsonNode variable : container.path("env")) {
                    passedAsIs(ARGO_INPUT, variable.path("value"))
                            .ifPresent(input -> comparison.withExecutor(
                                    input,
                                    defaultOf(inputs, input),
                                    options.get(variable.path("name").asText()),
                                    variable.path("name").asText()));
                }
            }
            for (JsonNode step : stepsOf(template)) {
                String called = step.path("template").asText();
                Map<String, JsonNode> calledInputs =
                        byName(templates.get(called).at("/inputs/parameters"));
                for (JsonNode argument : step.at("/arguments/parameters")) {
                    String name = argument.path("name").asText();
                    passedAsIs(ARGO_INPUT, argument.path("value"))
                            .filter(name::equals)
                            .ifPresent(input -> comparison.withEach(
                                    input,
                                    defaultOf(inputs, input),
                                    defaultOf(calledInputs, input),
                                    "template " + called));
                }
            }
        }

        comparison.assertAgree(file);
    }

    @Test
    void eachTemplateInputsDefaultIsTheDefaultOfTheTaskThatRunsTheSameCommand() {
        Path file = Yaml.PROJECT.resolve("workflow-templates/kafka-offset.yaml");
        Map<String, JsonNode> tasksByCommand = new HashMap<>();
        TektonCatalog.taskFiles().stream()
                .map(Yaml::read)
                .forEach(task ->
                        tasksByCommand.put(task.at("/spec/steps/0/args/0").asText(), task));
        Comparison comparison = new Comparison();
        for (JsonNode template : Yaml.read(file).at("/spec/templates")) {
            JsonNode task = tasksByCommand.get(template.at("/container/args/0").asText());
            if (task == null) {
                continue; // the steps template, whose inputs the test above follows
            }
            Map<String, JsonNode> taskParams = byName(task.at("/spec/params"));
            for (JsonNode input : template.at("/inputs/parameters")) {
                String name = input.path("name").asText();
                comparison.withEach(
                        name,
                        input.path("default"),
                        asArgoInput(defaultOf(taskParams, name)),
                        "Task " + task.at("/metadata/name").asText());
            }
        }

        comparison.assertAgree(file);
    }

    /** The defaults compared, and those that disagree. */
    private static final class Comparison {

        private final TreeSet<String> compared = new TreeSet<>();
        private final List<String> disagreements = new ArrayList<>();
        private final List<String> staleExceptions = new ArrayList<>();

        /** A param's default against the default of the option its variable sets ({@code null}: none). */
        void withExecutor(String param, JsonNode paramDefault, String optionDefault, String variable) {
            if (paramDefault.isMissingNode() || paramDefault.asText().isEmpty() || optionDefault == null) {
                return;
            }
            compared.add(param);
            boolean agree = paramDefault.asText().equals(optionDefault);
            String line = param + ": default '" + paramDefault.asText() + "', korb's option for " + variable
                    + " defaults to '" + optionDefault + "'";
            if (DELIBERATE.containsKey(param)) {
                if (agree) {
                    staleExceptions.add(param + " agrees now: remove it from DELIBERATE");
                }
            } else if (!agree) {
                disagreements.add(line);
            }
        }

        /** A param's default against the default of the param of the same name it is passed to. */
        void withEach(String param, JsonNode outer, JsonNode inner, String where) {
            if (outer.isMissingNode() || inner.isMissingNode()) {
                return;
            }
            compared.add(param);
            if (!outer.equals(inner)) {
                disagreements.add(
                        param + ": default '" + outer.asText() + "', " + where + "'s is '" + inner.asText() + "'");
            }
        }

        void assertAgree(Path file) {
            assertThat(compared).as("defaults compared in %s", file).isNotEmpty();
            assertThat(staleExceptions).as(file.toString()).isEmpty();
            assertThat(disagreements)
                    .as("%s: fix the YAML, or list a deliberate difference in DELIBERATE with its" + " reason", file)
                    .isEmpty();
        }
    }

    /**
     * The default of the option each {@code KORB_*} variable of a step sets, by variable; a variable that sets an
     * option without a default is absent, and so is a boolean flag's implicit false.
     */
    private static Map<String, String> optionDefaults(String subcommand, JsonNode env) {
        Map<String, String> selfNamed = new HashMap<>();
        env.findValuesAsText("name").stream()
                .filter(name -> name.startsWith("KORB_"))
                .forEach(name -> selfNamed.put(name, name));
        CommandLine command =
                Korb.commandLine(selfNamed, null, null, null).getSubcommands().get(subcommand);
        assertThat(command).as("korb subcommand %s", subcommand).isNotNull();
        Map<String, String> defaults = new HashMap<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            String variable = variableOf(command, option);
            if (variable != null) {
                defaults.put(
                        variable,
                        option.defaultValue() != null
                                ? option.defaultValue()
                                : option.initialValue() instanceof Boolean flag ? flag.toString() : null);
            }
        }
        return defaults;
    }

    /** The variable korb reads the option from: each variable holds its own name, so the value says which. */
    private static String variableOf(CommandLine command, OptionSpec option) {
        try {
            return command.getDefaultValueProvider().defaultValue(option);
        } catch (Exception e) {
            throw new AssertionError("korb's default provider failed for " + option.longestName(), e);
        }
    }

    /** The param named by a value that is exactly one reference to it, e.g. {@code $(params.timeout)}. */
    private static Optional<String> passedAsIs(Pattern reference, JsonNode value) {
        Matcher matcher = reference.matcher(value.asText());
        return value.isTextual() && matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** A Task param's default as an Argo input holds it: an array comma-separated (the template's convention). */
    private static JsonNode asArgoInput(JsonNode taskDefault) {
        if (!taskDefault.isArray()) {
            return taskDefault;
        }
        List<String> items = new ArrayList<>();
        taskDefault.forEach(item -> items.add(item.asText()));
        return TextNode.valueOf(String.join(",", items));
    }

    private static List<JsonNode> allTasks(JsonNode pipeline) {
        List<JsonNode> tasks = new ArrayList<>();
        pipeline.at("/spec/tasks").forEach(tasks::add);
        pipeline.at("/spec/finally").forEach(tasks::add);
        return tasks;
    }

    /** A steps template's steps, in order: its {@code steps} is a list of steps run side by side. */
    private static List<JsonNode> stepsOf(JsonNode template) {
        List<JsonNode> steps = new ArrayList<>();
        template.path("steps").forEach(parallel -> parallel.forEach(steps::add));
        return steps;
    }

    private static JsonNode defaultOf(Map<String, JsonNode> params, String name) {
        return params.containsKey(name) ? params.get(name).path("default") : MissingNode.getInstance();
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> named = new HashMap<>();
        list.forEach(item -> named.put(item.path("name").asText(), item));
        return named;
    }
}
