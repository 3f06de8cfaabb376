package sh.oso.korb.workflow;

/**
 * The table of Tekton's rules the runner enforces: each with the Go function and file of tektoncd/pipeline it
 * comes from. {@code TektonValidationTest} holds a refusing case for every entry (and checks that it does).
 */
enum TektonRule {
    TASK_STEPS_REQUIRED("TaskSpec.Validate", "pkg/apis/pipeline/v1/task_validation.go"),
    PARAM_NAME_FORMAT("validateNameFormat", "pkg/apis/pipeline/v1/task_validation.go"),
    PARAM_DEFAULT_TYPE("ParamSpec.ValidateType", "pkg/apis/pipeline/v1/task_validation.go"),
    PARAM_DUPLICATE("ParamSpecs.ValidateNoDuplicateNames", "pkg/apis/pipeline/v1/param_types.go"),
    RESULT_NAME_FORMAT("TaskResult.Validate", "pkg/apis/pipeline/v1/result_validation.go"),
    TASK_PARAM_UNDECLARED("ValidateUsageOfDeclaredParameters", "pkg/apis/pipeline/v1/task_validation.go"),
    TASK_ARRAY_PARAM_NOT_ISOLATED("validateStepArrayUsage", "pkg/apis/pipeline/v1/task_validation.go"),
    TASK_ARRAY_PARAM_IN_STRING("validateStepArrayUsage", "pkg/apis/pipeline/v1/task_validation.go"),
    OBJECT_PARAM_UNKNOWN_KEY("validateObjectUsage", "pkg/apis/pipeline/v1/task_validation.go"),
    OBJECT_PARAM_WHOLE_IN_STRING("validateObjectUsageAsWhole", "pkg/apis/pipeline/v1/task_validation.go"),
    CONTEXT_VARIABLE_UNKNOWN("validateTaskContextVariables", "pkg/apis/pipeline/v1/task_validation.go"),
    TASK_RESULT_VARIABLE_UNDECLARED("validateTaskResultsVariables", "pkg/apis/pipeline/v1/task_validation.go"),
    TASK_WORKSPACE_NOT_UNIQUE("validateDeclaredWorkspaces", "pkg/apis/pipeline/v1/task_validation.go"),
    PIPELINE_TASK_NAME("PipelineTask.ValidateName", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    PIPELINE_TASK_NAME_UNIQUE("PipelineTaskList.Validate", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    TASK_REF_OR_SPEC("PipelineTask.validateRefOrSpec", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    RUN_AFTER_UNKNOWN_TASK("validateGraph, dag.Build addLink", "pkg/reconciler/pipeline/dag/dag.go"),
    RUN_AFTER_CYCLE("validateGraph, dag.Build findCyclesInDependencies", "pkg/reconciler/pipeline/dag/dag.go"),
    RESULT_REF_UNKNOWN_TASK("PipelineTask.Deps, dag.Build addLink", "pkg/apis/pipeline/v1/pipeline_types.go"),
    FINALLY_RESULT_OUTSIDE_PIPELINE_RESULTS(
            "PipelineTask.Deps, dag.Build addLink", "pkg/apis/pipeline/v1/resultref.go"),
    PIPELINE_RESULT_NONEXISTENT_TASK(
            "validatePipelineResults, taskContainsResult", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    PIPELINE_RESULT_NOT_A_RESULT("validatePipelineResults", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    FINALLY_RESULT_FROM_FINALLY(
            "validateResultsVariablesExpressionsInFinally", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    FINALLY_RESULT_UNKNOWN_TASK(
            "validateResultsVariablesExpressionsInFinally", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    FINALLY_RUN_AFTER("validateFinalTasks", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    STATUS_OUTSIDE_FINALLY("validateExecutionStatusVariablesDisallowed", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    STATUS_OF_UNKNOWN_TASK("validateExecutionStatusVariablesAllowed", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    WHEN_OPERATOR("WhenExpression.validateWhenExpressionFields", "pkg/apis/pipeline/v1/when_validation.go"),
    WHEN_VALUES_EMPTY("WhenExpression.validateWhenExpressionFields", "pkg/apis/pipeline/v1/when_validation.go"),
    PIPELINE_PARAM_UNDECLARED("validatePipelineTaskParameterUsage", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    PIPELINE_ARRAY_PARAM_IN_STRING(
            "validateParamStringValue, validateStringVariable", "pkg/apis/pipeline/v1/param_types.go"),
    PIPELINE_ARRAY_PARAM_NOT_ISOLATED("validateArrayVariable", "pkg/apis/pipeline/v1/param_types.go"),
    PIPELINE_CONTEXT_VARIABLE_UNKNOWN(
            "validatePipelineContextVariables", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    PIPELINE_WORKSPACE_NOT_UNIQUE(
            "validatePipelineWorkspacesDeclarations", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    PIPELINE_WORKSPACE_UNDECLARED("PipelineTask.validateWorkspaces", "pkg/apis/pipeline/v1/pipeline_validation.go"),
    RUN_PARAM_MISSING("ValidateRequiredParametersProvided", "pkg/reconciler/pipelinerun/resources/validate_params.go"),
    RUN_PARAM_TYPE("ValidateParamTypesMatching", "pkg/reconciler/pipelinerun/resources/validate_params.go"),
    RUN_WORKSPACE_MISSING("ValidateWorkspaceBindings", "pkg/reconciler/pipelinerun/resources/pipelinerunresolution.go"),
    TASK_PARAM_MISSING("ValidateResolvedTask, validateParams", "pkg/reconciler/taskrun/validate_taskrun.go"),
    TASK_PARAM_TYPE("ValidateResolvedTask, validateParams", "pkg/reconciler/taskrun/validate_taskrun.go"),
    RESULT_NOT_DECLARED(
            "ValidatePipelineTaskResults, validateResultRef",
            "pkg/reconciler/pipelinerun/resources/validate_dependencies.go"),
    PIPELINE_RESULT_NOT_DECLARED(
            "ValidatePipelineResults, validateResultRef",
            "pkg/reconciler/pipelinerun/resources/validate_dependencies.go"),
    TASK_WORKSPACE_UNDECLARED("workspace.ValidateBindings", "pkg/workspace/validate.go"),
    GIT_RESOLVER_PARAMS("PopulateDefaultParams", "pkg/resolution/resolver/git/resolver.go"),
    CLUSTER_RESOLVER_PARAMS("populateParamsWithDefaults", "pkg/resolution/resolver/cluster/resolver.go");

    final String goFunction;
    final String goFile;

    TektonRule(String goFunction, String goFile) {
        this.goFunction = goFunction;
        this.goFile = goFile;
    }
}
