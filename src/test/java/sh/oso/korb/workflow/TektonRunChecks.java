package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Tekton's PipelineRun reconciler ({@code pkg/reconciler/pipelinerun/pipelinerun.go}, {@code reconcile})
 * checks before it creates the first TaskRun, each refusal with the condition message Tekton writes: required
 * params and their types, workspace bindings, the resolved Tasks' params, and result references against the
 * results the referenced Tasks declare. Params nobody declares are allowed, as in Tekton.
 */
final class TektonRunChecks {

    private final String namespace;
    private final String run;
    private final String pipeline;

    TektonRunChecks(String namespace, String run, String pipeline) {
        this.namespace = namespace;
        this.run = run;
        this.pipeline = pipeline;
    }

    private String runId() {
        return namespace + "/" + run;
    }

    private String pipelineId() {
        return namespace + "/" + pipeline;
    }

    /** Go's {@code %s} of a {@code []string}. */
    private static String list(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    /** Params and workspaces of the PipelineRun against the Pipeline's declarations. */
    void beforeTasks(JsonNode pipelineSpec, JsonNode runSpec) {
        Map<String, JsonNode> supplied = new HashMap<>();
        runSpec.path("params").forEach(param -> supplied.put(param.path("name").asText(), param));
        // resources.ValidateRequiredParametersProvided
        List<String> missing = new ArrayList<>();
        for (JsonNode param : pipelineSpec.path("params")) {
            if (!param.has("default")
                    && !supplied.containsKey(param.path("name").asText())) {
                missing.add(param.path("name").asText());
            }
        }
        if (!missing.isEmpty()) {
            throw new WorkflowException("PipelineRun " + runId() + " is missing some parameters required by Pipeline "
                    + pipelineId() + ": PipelineRun missing parameters: " + list(missing));
        }
        // resources.ValidateParamTypesMatching
        Map<String, String> types = new HashMap<>();
        pipelineSpec
                .path("params")
                .forEach(param -> types.put(param.path("name").asText(), TektonValidation.type(param)));
        List<String> wrong = new ArrayList<>();
        for (JsonNode param : runSpec.path("params")) {
            String declared = types.get(param.path("name").asText());
            if (declared != null && !declared.equals(TektonValidation.valueType(param.path("value")))) {
                wrong.add(param.path("name").asText());
            }
        }
        if (!wrong.isEmpty()) {
            throw new WorkflowException("PipelineRun " + runId() + " parameters have mismatching types with Pipeline "
                    + pipelineId() + "'s parameters: parameters have inconsistent types : " + list(wrong));
        }
        // resources.ValidateWorkspaceBindings
        List<String> bound = new ArrayList<>();
        runSpec.path("workspaces")
                .forEach(binding -> bound.add(binding.path("name").asText()));
        for (JsonNode workspace : pipelineSpec.path("workspaces")) {
            String name = workspace.path("name").asText();
            if (!workspace.path("optional").asBoolean(false) && !bound.contains(name)) {
                throw new WorkflowException("PipelineRun " + runId() + " doesn't bind Pipeline " + pipelineId()
                        + "'s Workspaces correctly: pipeline requires workspace with name " + FieldError.quote(name)
                        + " be provided by pipelinerun");
            }
        }
    }

    /** Each pipeline task's params against its resolved Task, and every result reference against the Tasks. */
    void resolvedTasks(JsonNode pipelineSpec, Map<String, JsonNode> resolved) {
        Set<String> arrayParams = new java.util.HashSet<>();
        pipelineSpec.path("params").forEach(param -> {
            if (TektonValidation.type(param).equals("array")) {
                arrayParams.add(param.path("name").asText());
            }
        });
        List<JsonNode> all = new ArrayList<>();
        pipelineSpec.path("tasks").forEach(all::add);
        pipelineSpec.path("finally").forEach(all::add);
        for (JsonNode pipelineTask : all) {
            String error = taskParams(
                    pipelineTask, resolved.get(pipelineTask.path("name").asText()), arrayParams);
            if (error != null) {
                // taskrun.ValidateResolvedTask, wrapped by the reconciler with pipelineErrors.WrapUserError
                throw new WorkflowException("Validation failed for pipelinerun " + run
                        + " with error [User error] invalid input params for task "
                        + resolved.get(pipelineTask.path("name").asText())
                                .at("/metadata/name")
                                .asText() + ": "
                        + error);
            }
        }
        // resources.ValidatePipelineTaskResults
        for (JsonNode pipelineTask : all) {
            List<String> expressions = new ArrayList<>();
            for (JsonNode param : pipelineTask.path("params")) {
                TektonValidation.values(param.path("value"))
                        .forEach(value -> expressions.addAll(TektonVariables.expressions(value)));
            }
            for (JsonNode when : pipelineTask.path("when")) {
                expressions.addAll(
                        TektonVariables.expressions(when.path("input").asText()));
                when.path("values").forEach(value -> expressions.addAll(TektonVariables.expressions(value.asText())));
            }
            for (TektonResultRef ref : TektonResultRef.all(expressions)) {
                String error = resultRef(ref, resolved);
                if (error != null) {
                    throw new WorkflowException("invalid result reference in pipeline task "
                            + FieldError.quote(pipelineTask.path("name").asText()) + ": " + error);
                }
            }
        }
        // resources.ValidatePipelineResults
        for (JsonNode result : pipelineSpec.path("results")) {
            for (TektonResultRef ref : TektonResultRef.all(
                    TektonVariables.expressions(result.path("value").asText()))) {
                String error = resultRef(ref, resolved);
                if (error != null) {
                    throw new WorkflowException(
                            "Failed to resolve pipeline result reference for " + FieldError.quote(run)
                                    + " with error invalid pipeline result "
                                    + FieldError.quote(result.path("name").asText())
                                    + ": " + error);
                }
            }
        }
    }

    /** {@code validateParams} of {@code pkg/reconciler/taskrun/validate_taskrun.go}: missing and mistyped params. */
    private static String taskParams(JsonNode pipelineTask, JsonNode task, Set<String> arrayParams) {
        Map<String, String> provided = new HashMap<>();
        for (JsonNode param : pipelineTask.path("params")) {
            provided.put(param.path("name").asText(), providedType(param.path("value"), arrayParams));
        }
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (JsonNode declared : task.at("/spec/params")) {
            String name = declared.path("name").asText();
            if (!provided.containsKey(name) && !declared.has("default")) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            return "missing values for these params which have no default values: " + list(missing);
        }
        for (JsonNode param : pipelineTask.path("params")) {
            String name = param.path("name").asText();
            for (JsonNode declared : task.at("/spec/params")) {
                if (declared.path("name").asText().equals(name)
                        && !TektonValidation.type(declared).equals(provided.get(name))) {
                    wrong.add(name);
                }
            }
        }
        return wrong.isEmpty() ? null : "param types don't match the user-specified type: " + list(wrong);
    }

    /** A value's type after Tekton's ApplyParameters: a string that is one whole array param becomes the array. */
    private static String providedType(JsonNode value, Set<String> arrayParams) {
        if (value.isTextual()) {
            String text = value.asText();
            for (String array : arrayParams) {
                if (text.equals("$(params." + array + ")") || text.equals("$(params." + array + "[*])")) {
                    return "array";
                }
            }
        }
        return TektonValidation.valueType(value);
    }

    /** {@code validateResultRef}. */
    private static String resultRef(TektonResultRef ref, Map<String, JsonNode> resolved) {
        JsonNode task = resolved.get(ref.pipelineTask());
        if (task == null) {
            return "referenced pipeline task " + FieldError.quote(ref.pipelineTask()) + " does not exist";
        }
        for (JsonNode result : task.at("/spec/results")) {
            if (result.path("name").asText().equals(ref.result())) {
                return null;
            }
        }
        return FieldError.quote(ref.result()) + " is not a named result returned by pipeline task "
                + FieldError.quote(ref.pipelineTask());
    }
}
