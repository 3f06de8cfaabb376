package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.testing.CliRun;

/**
 * Every rule of {@link TektonRule} has a case here that Tekton refuses, and the runner refuses it with Tekton's
 * message; every Tekton YAML the project ships passes.
 */
class TektonValidationTest {

    @TempDir
    Path work;

    private static final String WEBHOOK = TektonValidation.WEBHOOK;

    /** A Task like korb's: a string, an array and a result. */
    private static final String ECHO = """
            apiVersion: tekton.dev/v1
            kind: Task
            metadata: {name: echo}
            spec:
              params:
                - {name: text, type: string, default: ""}
                - {name: items, type: array, default: []}
              results:
                - name: out
              steps:
                - name: echo
                  image: busybox
                  command: [echo]
                  args: ["$(params.items[*])"]
                  env:
                    - {name: TEXT, value: $(params.text)}
            """;

    private record Case(Supplier<List<JsonNode>> resources, String message) {}

    private static Case task(String yaml, String message) {
        return new Case(() -> List.of(Yaml.parse(yaml)), WEBHOOK + message);
    }

    /** The echo Task with one edit of its spec. */
    private static Case echoEdited(String path, String json, String message) {
        return new Case(
                () -> {
                    ObjectNode task = Yaml.copy(Yaml.parse(ECHO));
                    Edit.set(task, path, Yaml.parse(json));
                    return List.of(task);
                },
                WEBHOOK + message);
    }

    /** The echo Task, then a Pipeline (whose spec is given), then optionally a PipelineRun "r" of it. */
    private static Case pipeline(String spec, String message) {
        return new Case(() -> List.of(Yaml.parse(ECHO), pipelineOf(spec)), WEBHOOK + message);
    }

    private static Case run(String spec, String runSpec, String message) {
        return new Case(
                () -> List.of(
                        Yaml.parse(ECHO), Yaml.parse(NEEDS), pipelineOf(spec), Yaml.parse("""
                                apiVersion: tekton.dev/v1
                                kind: PipelineRun
                                metadata: {name: r}
                                spec:
                                  pipelineRef: {name: p}
                                """ + runSpec.indent(2))),
                message);
    }

    private static final String NEEDS = """
            apiVersion: tekton.dev/v1
            kind: Task
            metadata: {name: needs}
            spec:
              params:
                - {name: need, type: string}
              steps:
                - {name: echo, image: busybox, command: [echo], args: [$(params.need)]}
            """;

    private static JsonNode pipelineOf(String spec) {
        return Yaml.parse("apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata: {name: p}\nspec:\n" + spec.indent(2));
    }

    /** The guarded change as it was shipped before: its results read the finally task as {@code tasks.rollback}. */
    private static List<JsonNode> oldGuardedChange() {
        ObjectNode pipeline = Yaml.copy(Yaml.read(Yaml.PROJECT.resolve("pipelines/kafka-offset-guarded-change.yaml")));
        for (JsonNode result : pipeline.at("/spec/results")) {
            ((ObjectNode) result)
                    .put("value", result.path("value").asText().replace("$(finally.rollback.", "$(tasks.rollback."));
        }
        return List.of(pipeline);
    }

    static Map<TektonRule, Case> cases() {
        Map<TektonRule, Case> cases = new EnumMap<>(TektonRule.class);
        cases.put(TektonRule.TASK_STEPS_REQUIRED, echoEdited("/spec/steps", "[]", "missing field(s): spec.steps"));
        cases.put(
                TektonRule.PARAM_NAME_FORMAT,
                echoEdited(
                        "/spec/params/0/name",
                        "\"1st\"",
                        "The format of following array and string variable names is invalid: [1st]: spec.params\n"
                                + "String/Array Names: \nMust only contain alphanumeric characters, hyphens (-),"
                                + " underscores (_), and dots (.)\nMust begin with a letter or an underscore (_)\n"
                                + "non-existent variable in \"$(params.text)\": spec.steps[0].env[TEXT]"));
        cases.put(
                TektonRule.PARAM_DEFAULT_TYPE,
                echoEdited(
                        "/spec/params/1/default",
                        "\"a\"",
                        "\"array\" type does not match default value's type: \"string\":"
                                + " spec.params.items.default.type, spec.params.items.type"));
        cases.put(
                TektonRule.PARAM_DUPLICATE,
                echoEdited(
                        "/spec/params/-",
                        "{\"name\": \"text\", \"default\": \"again\"}",
                        "parameter appears more than once: spec.params[text]"));
        cases.put(
                TektonRule.RESULT_NAME_FORMAT,
                echoEdited(
                        "/spec/results/0/name",
                        "\"-out\"",
                        "invalid key name \"-out\": spec.results[0].name\nName must consist of alphanumeric"
                                + " characters, '-', '_', and must start and end with an alphanumeric character (e.g."
                                + " 'MyName',  or 'my-name',  or 'my_name', regex used for validation is"
                                + " '^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$')"));
        cases.put(
                TektonRule.TASK_PARAM_UNDECLARED,
                echoEdited(
                        "/spec/steps/0/env/0/value",
                        "\"$(params.strict)\"",
                        "non-existent variable in \"$(params.strict)\": spec.steps[0].env[TEXT]"));
        cases.put(
                TektonRule.TASK_ARRAY_PARAM_NOT_ISOLATED,
                echoEdited(
                        "/spec/steps/0/args/0",
                        "\"--items=$(params.items[*])\"",
                        "variable is not properly isolated in \"--items=$(params.items[*])\": spec.steps[0].args[0]"));
        cases.put(
                TektonRule.TASK_ARRAY_PARAM_IN_STRING,
                echoEdited(
                        "/spec/steps/0/env/0/value",
                        "\"$(params.items[*])\"",
                        "variable type invalid in \"$(params.items[*])\": spec.steps[0].env[TEXT]"));
        String objectTask = """
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: target}
                spec:
                  params:
                    - name: target
                      type: object
                      properties: {host: {type: string}}
                  steps:
                    - name: echo
                      image: busybox
                      command: [echo]
                      env:
                        - {name: TARGET, value: "%s"}
                """;
        cases.put(
                TektonRule.OBJECT_PARAM_UNKNOWN_KEY,
                task(
                        objectTask.formatted("$(params.target.port)"),
                        "non-existent variable in \"$(params.target.port)\": spec.steps[0].env[TARGET]"));
        cases.put(
                TektonRule.OBJECT_PARAM_WHOLE_IN_STRING,
                task(
                        objectTask.formatted("$(params.target)"),
                        "variable type invalid in \"$(params.target)\": spec.steps[0].env[TARGET]"));
        cases.put(
                TektonRule.CONTEXT_VARIABLE_UNKNOWN,
                echoEdited(
                        "/spec/steps/0/env/0/value",
                        "\"$(context.taskRun.id)\"",
                        "non-existent variable in \"$(context.taskRun.id)\": spec.steps[0].env[TEXT]"));
        cases.put(
                TektonRule.TASK_RESULT_VARIABLE_UNDECLARED,
                echoEdited(
                        "/spec/steps/-",
                        "{\"name\": \"write\", \"image\": \"busybox\", \"script\": \"echo hi >"
                                + " $(results.output.path)\"}",
                        "non-existent variable in \"echo hi > $(results.output.path)\": spec.steps[1].script"));
        cases.put(
                TektonRule.TASK_WORKSPACE_NOT_UNIQUE,
                echoEdited(
                        "/spec/workspaces",
                        "[{\"name\": \"store\"}, {\"name\": \"store\"}]",
                        "workspace mount path \"/workspace/store\" must be unique: spec.workspaces[1].mountpath\n"
                                + "workspace name \"store\" must be unique: spec.workspaces[1].name"));
        cases.put(
                TektonRule.PIPELINE_TASK_NAME,
                pipeline(
                        "tasks: [{name: Echo, taskRef: {name: echo}}]",
                        "invalid value \"Echo\": spec.tasks[0].name\nPipeline Task name must be a valid DNS Label.For"
                                + " more info refer to"
                                + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"));
        cases.put(
                TektonRule.PIPELINE_TASK_NAME_UNIQUE,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}}, {name: a, taskRef: {name: echo}}]",
                        "expected exactly one, got both: spec.tasks[1].name"));
        cases.put(
                TektonRule.TASK_REF_OR_SPEC,
                pipeline(
                        "tasks: [{name: a}]",
                        "expected exactly one, got neither: spec.tasks[0].taskRef, spec.tasks[0].taskSpec"));
        cases.put(
                TektonRule.RUN_AFTER_UNKNOWN_TASK,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}}, {name: b, taskRef: {name: echo}, runAfter: [snapshots]}]",
                        "invalid value: couldn't add link between b and snapshots: task b depends on snapshots but"
                                + " snapshots wasn't present in Pipeline: spec.tasks"));
        cases.put(
                TektonRule.RUN_AFTER_CYCLE,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}, runAfter: [b]}, {name: b, taskRef: {name: echo},"
                                + " runAfter: [a]}]",
                        "invalid value: cycle detected; task \"a\" depends on \"b\": spec.tasks"));
        cases.put(
                TektonRule.RESULT_REF_UNKNOWN_TASK,
                pipeline(
                        "tasks: [{name: b, taskRef: {name: echo}, params: [{name: text, value:"
                                + " \"$(tasks.missing.results.out)\"}]}]",
                        "invalid value: couldn't add link between b and missing: task b depends on missing but"
                                + " missing wasn't present in Pipeline: spec.tasks"));
        cases.put(
                TektonRule.FINALLY_RESULT_OUTSIDE_PIPELINE_RESULTS,
                pipeline(
                        "tasks: [{name: b, taskRef: {name: echo}, params: [{name: text, value:"
                                + " \"$(finally.f.results.out)\"}]}]\nfinally: [{name: f, taskRef: {name: echo}}]",
                        "invalid value: couldn't add link between b and f: task b depends on f but f wasn't present"
                                + " in Pipeline: spec.tasks"));
        cases.put(
                TektonRule.PIPELINE_RESULT_NONEXISTENT_TASK,
                new Case(
                        TektonValidationTest::oldGuardedChange,
                        WEBHOOK + "invalid value: referencing a nonexistent task: spec.results[1].value,"
                                + " spec.results[2].value"));
        cases.put(
                TektonRule.PIPELINE_RESULT_NOT_A_RESULT,
                pipeline(
                        "params: [{name: text}]\ntasks: [{name: a, taskRef: {name: echo}}]\nresults: [{name: x, value:"
                                + " \"$(params.text)\"}]",
                        "invalid value: expected pipeline results to be task result expressions but an invalid"
                                + " expressions was found: spec.results[0].value\ninvalid value: referencing a"
                                + " nonexistent task: spec.results[0].value"));
        cases.put(
                TektonRule.FINALLY_RESULT_FROM_FINALLY,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}}]\nfinally: [{name: f, taskRef: {name: echo}}, {name:"
                                + " g, taskRef: {name: echo}, params: [{name: text, value: \"$(finally.f.results.out)\"}]}]",
                        "invalid value: invalid task result reference, final task has task result reference from a"
                                + " final task f: spec.finally[1].params[text].value"));
        cases.put(
                TektonRule.FINALLY_RESULT_UNKNOWN_TASK,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}}]\nfinally: [{name: f, taskRef: {name: echo}, params:"
                                + " [{name: text, value: \"$(tasks.nope.results.out)\"}]}]",
                        "invalid value: invalid task result reference, final task has task result reference from a"
                                + " task nope which is not defined in the pipeline: spec.finally[0].params[text].value"));
        cases.put(
                TektonRule.FINALLY_RUN_AFTER,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}}]\nfinally: [{name: f, taskRef: {name: echo}, runAfter:"
                                + " [a]}]",
                        "invalid value: no runAfter allowed under spec.finally, final task f has runAfter specified:"
                                + " spec.finally[0]"));
        cases.put(
                TektonRule.STATUS_OUTSIDE_FINALLY,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}}, {name: b, taskRef: {name: echo}, when: [{input:"
                                + " \"$(tasks.a.status)\", operator: in, values: [Failed]}]}]",
                        "invalid value: pipeline tasks can not refer to execution status of any other pipeline task"
                                + " or aggregate status of tasks: spec.tasks[1].when[0]"));
        cases.put(
                TektonRule.STATUS_OF_UNKNOWN_TASK,
                pipeline(
                        "tasks: [{name: change, taskRef: {name: echo}}]\nfinally: [{name: f, taskRef: {name: echo},"
                                + " when: [{input: \"$(tasks.chnge.status)\", operator: in, values: [Failed]}]}]",
                        "invalid value: pipeline task chnge is not defined in the pipeline: spec.finally[0].when[0]"));
        cases.put(
                TektonRule.WHEN_OPERATOR,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}, when: [{input: x, operator: equals, values: [x]}]}]",
                        "invalid value: operator \"equals\" is not recognized. valid operators: in,notin:"
                                + " spec.tasks[0].when[0]"));
        cases.put(
                TektonRule.WHEN_VALUES_EMPTY,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}, when: [{input: x, operator: in, values: []}]}]",
                        "invalid value: expecting non-empty values field: spec.tasks[0].when[0]"));
        cases.put(
                TektonRule.PIPELINE_PARAM_UNDECLARED,
                pipeline(
                        "params: [{name: text}]\ntasks: [{name: a, taskRef: {name: echo}, params: [{name: text, value:"
                                + " \"$(params.txt)\"}]}]",
                        "non-existent variable in \"$(params.txt)\": spec.tasks[0].params[text]"));
        cases.put(
                TektonRule.PIPELINE_ARRAY_PARAM_IN_STRING,
                pipeline(
                        "params: [{name: items, type: array}]\ntasks: [{name: a, taskRef: {name: echo}, params: [{name:"
                                + " text, value: \"all: $(params.items[*])\"}]}]",
                        "variable type invalid in \"all: $(params.items[*])\": spec.tasks[0].params[text]"));
        cases.put(
                TektonRule.PIPELINE_ARRAY_PARAM_NOT_ISOLATED,
                pipeline(
                        "params: [{name: items, type: array}]\ntasks: [{name: a, taskRef: {name: echo}, params: [{name:"
                                + " items, value: [\"x$(params.items[*])\"]}]}]",
                        "variable is not properly isolated in \"x$(params.items[*])\":"
                                + " spec.tasks[0].params[items].value[0]"));
        cases.put(
                TektonRule.PIPELINE_CONTEXT_VARIABLE_UNKNOWN,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}, params: [{name: text, value:"
                                + " \"$(context.pipelineRun.id)\"}]}]",
                        "non-existent variable in \"$(context.pipelineRun.id)\": spec.tasks.value"));
        cases.put(
                TektonRule.PIPELINE_WORKSPACE_NOT_UNIQUE,
                pipeline(
                        "workspaces: [{name: store}, {name: store}]\ntasks: [{name: a, taskRef: {name: echo}}]",
                        "invalid value: workspace with name \"store\" appears more than once: spec.workspaces[1]"));
        cases.put(
                TektonRule.PIPELINE_WORKSPACE_UNDECLARED,
                pipeline(
                        "tasks: [{name: a, taskRef: {name: echo}, workspaces: [{name: cache, workspace: store}]}]",
                        "invalid value: pipeline task \"a\" expects workspace with name \"store\" but none exists in"
                                + " pipeline spec: spec.tasks[0].workspaces[0]"));
        cases.put(
                TektonRule.RUN_PARAM_MISSING,
                run(
                        "params: [{name: text}]\ntasks: [{name: a, taskRef: {name: echo}}]",
                        "params: []",
                        "PipelineRun kafka-backup/r is missing some parameters required by Pipeline kafka-backup/p:"
                                + " PipelineRun missing parameters: [text]"));
        cases.put(
                TektonRule.RUN_PARAM_TYPE,
                run(
                        "params: [{name: items, type: array}]\ntasks: [{name: a, taskRef: {name: echo}}]",
                        "params: [{name: items, value: one}]",
                        "PipelineRun kafka-backup/r parameters have mismatching types with Pipeline kafka-backup/p's"
                                + " parameters: parameters have inconsistent types : [items]"));
        cases.put(
                TektonRule.RUN_WORKSPACE_MISSING,
                run(
                        "workspaces: [{name: store}]\ntasks: [{name: a, taskRef: {name: echo}}]",
                        "params: []",
                        "PipelineRun kafka-backup/r doesn't bind Pipeline kafka-backup/p's Workspaces correctly:"
                                + " pipeline requires workspace with name \"store\" be provided by pipelinerun"));
        cases.put(
                TektonRule.TASK_PARAM_MISSING,
                run(
                        "tasks: [{name: a, taskRef: {name: needs}}]",
                        "params: []",
                        "Validation failed for pipelinerun r with error [User error] invalid input params for task"
                                + " needs: missing values for these params which have no default values: [need]"));
        cases.put(
                TektonRule.TASK_PARAM_TYPE,
                run(
                        "tasks: [{name: a, taskRef: {name: echo}, params: [{name: items, value: one}]}]",
                        "params: []",
                        "Validation failed for pipelinerun r with error [User error] invalid input params for task"
                                + " echo: param types don't match the user-specified type: [items]"));
        cases.put(
                TektonRule.RESULT_NOT_DECLARED,
                run(
                        "tasks: [{name: a, taskRef: {name: echo}}, {name: b, taskRef: {name: echo}, params: [{name:"
                                + " text, value: \"$(tasks.a.results.nope)\"}]}]",
                        "params: []",
                        "invalid result reference in pipeline task \"b\": \"nope\" is not a named result returned by"
                                + " pipeline task \"a\""));
        cases.put(
                TektonRule.PIPELINE_RESULT_NOT_DECLARED,
                run(
                        "tasks: [{name: a, taskRef: {name: echo}}]\nresults: [{name: x, value:"
                                + " \"$(tasks.a.results.nope)\"}]",
                        "params: []",
                        "Failed to resolve pipeline result reference for \"r\" with error invalid pipeline result"
                                + " \"x\": \"nope\" is not a named result returned by pipeline task \"a\""));
        cases.put(
                TektonRule.TASK_WORKSPACE_UNDECLARED,
                run(
                        "workspaces: [{name: store}]\ntasks: [{name: a, taskRef: {name: echo}, workspaces: [{name:"
                                + " cache, workspace: store}]}]",
                        "workspaces: [{name: store, emptyDir: {}}]",
                        "workspace binding \"cache\" does not match any declared workspace"));
        cases.put(
                TektonRule.GIT_RESOLVER_PARAMS,
                run(
                        "tasks: [{name: a, taskRef: {resolver: git, params: [{name: url, value: \""
                                + TektonResolver.PROJECT_REPOSITORY + "\"}]}}]",
                        "params: []",
                        "missing required git resolver params: revision, pathInRepo"));
        cases.put(
                TektonRule.CLUSTER_RESOLVER_PARAMS,
                run(
                        "tasks: [{name: a, taskRef: {resolver: cluster, params: [{name: kind, value: task}]}}]",
                        "params: []",
                        "missing required cluster resolver params: name, namespace"));
        return cases;
    }

    static Stream<Arguments> refusals() {
        return cases().entrySet().stream().map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @Test
    void everyRuleInTheTableHasARefusingCase() {
        assertThat(cases().keySet()).containsExactlyInAnyOrder(TektonRule.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void theRunnerRefusesWithTektonsMessage(TektonRule rule, Case refused) {
        Container echo = new Container(new CliRun()).command("echo", env -> new Container.Exit(0, ""));
        TektonRunner runner = new TektonRunner(echo, work, "kafka-backup");

        assertThatThrownBy(() -> {
                    for (JsonNode resource : refused.resources().get()) {
                        if (resource.path("kind").asText().equals("PipelineRun")) {
                            runner.run(resource);
                        } else {
                            runner.apply(resource);
                        }
                    }
                })
                .as(rule + " (" + rule.goFunction + ", " + rule.goFile + ")")
                .isInstanceOf(WorkflowException.class)
                .hasMessage(refused.message());
    }

    /**
     * Tekton's {@code validatePipelineContextVariables} reads only the last task's params (its loop assigns instead
     * of appending), so an unknown context variable in an earlier task is admitted; the runner is no stricter.
     */
    @Test
    void onlyTheLastTasksContextVariablesAreCheckedAsTektonChecksThem() {
        JsonNode earlier = pipelineOf("tasks: [{name: a, taskRef: {name: echo}, params: [{name: text, value:"
                + " \"$(context.pipelineRun.id)\"}]}, {name: b, taskRef: {name: echo}}]");
        JsonNode last = pipelineOf("tasks: [{name: b, taskRef: {name: echo}}, {name: a, taskRef: {name: echo}, params:"
                + " [{name: text, value: \"$(context.pipelineRun.id)\"}]}]");

        assertThatCode(() -> TektonValidation.admit(earlier)).doesNotThrowAnyException();
        assertThatThrownBy(() -> TektonValidation.admit(last))
                .hasMessage(WEBHOOK + "non-existent variable in \"$(context.pipelineRun.id)\": spec.tasks.value");
    }

    /** Every Tekton resource in the repository: Tasks, Pipelines, sample runs and the READMEs' snippets. */
    static Stream<JsonNode> shipped() {
        List<JsonNode> resources = new ArrayList<>();
        for (String directory : List.of("tasks", "pipelines")) {
            for (Path file : Yaml.tree(directory)) {
                Yaml.readAll(file).stream()
                        .filter(node -> node.path("apiVersion").asText().startsWith("tekton.dev/"))
                        .forEach(resources::add);
            }
        }
        resources.addAll(TektonDocs.snippets());
        return resources.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void everyShippedResourcePasses(JsonNode resource) {
        assertThatCode(() -> TektonValidation.admit(resource)).doesNotThrowAnyException();
    }

    @Test
    void theShippedResourcesAreFound() {
        assertThat(shipped().map(node -> node.path("kind").asText()))
                .contains("Task", "Pipeline", "PipelineRun", "TaskRun");
    }

    /** JSON-pointer edits of a resource. */
    private static final class Edit {
        static void set(ObjectNode root, String pointer, JsonNode value) {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = root.at(pointer.substring(0, slash));
            String last = pointer.substring(slash + 1);
            if (parent.isArray() && last.equals("-")) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) parent).add(value);
            } else if (parent.isArray()) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
            } else {
                ((ObjectNode) parent).set(last, value);
            }
        }
    }
}
