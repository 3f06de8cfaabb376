package sh.oso.korb.workflow;

import java.util.regex.Pattern;

/**
 * The rules {@link ArgoRunner} holds Workflows, WorkflowTemplates and ClusterWorkflowTemplates to, each with the Argo
 * Workflows Go function it comes from ({@code workflow/validate/validate.go} unless the function names another file)
 * and the message as that function formats it. Argo wraps a message in the path it was found on (e.g.
 * {@code templates.main.steps[0].snapshot ...}); the runner does the same. Rules marked {@link When#RUN} are not
 * validation: Argo applies them while it runs the node. An argument no input declares is not here: Argo ignores it
 * ({@code common.ProcessArgs} reads only declared inputs), and so does the runner.
 */
public enum ArgoRule {
    ENTRYPOINT_REQUIRED("ValidateWorkflow", When.VALIDATION, "spec.entrypoint is required"),
    TEMPLATE_NAME_UNDEFINED("validateTemplateHolder", When.VALIDATION, "template name '%s' undefined"),
    TEMPLATE_REFERENCE_NOT_FOUND(
            "validateTemplateHolder (templateresolution.GetTemplateFromRef)",
            When.VALIDATION,
            "template reference %s.%s not found"),
    TEMPLATE_NAME_WITH_TEMPLATE_REF(
            "validateTemplateHolder", When.VALIDATION, "template name cannot be specified with templateRef."),
    TEMPLATE_REF_NAME_REQUIRED("validateTemplateHolder", When.VALIDATION, "resource name is required"),
    TEMPLATE_REF_TEMPLATE_REQUIRED("validateTemplateHolder", When.VALIDATION, "template name is required"),
    TEMPLATE_TYPE_UNSPECIFIED(
            "validateTemplateType",
            When.VALIDATION,
            "templates.%s template type unspecified. choose one of: container, containerSet, steps, script, resource,"
                    + " dag, suspend, template, template ref"),
    TEMPLATE_TYPES_MULTIPLE(
            "validateTemplateType",
            When.VALIDATION,
            "templates.%s multiple template types specified. choose one of: container, containerSet, steps, script,"
                    + " resource, dag, suspend, template, template ref"),
    NAME_REQUIRED("validateWorkflowFieldNames", When.VALIDATION, "[%d].name is required"),
    NAME_INVALID(
            "validateWorkflowFieldNames (isValidParamOrArtifactName, isValidWorkflowFieldName)",
            When.VALIDATION,
            "[%d].name: '%s' is invalid: %s"),
    NAME_NOT_UNIQUE("validateWorkflowFieldNames", When.VALIDATION, "[%d].name '%s' is not unique"),
    STEP_NAME_NOT_UNIQUE("validateSteps", When.VALIDATION, "templates.%s.steps[%d].name '%s' is not unique"),
    INPUT_NOT_SUPPLIED(
            "ProcessArgs (workflow/common/util.go)", When.VALIDATION, "inputs.parameters.%s was not supplied"),
    ARGUMENT_VALUE_REQUIRED("validateArgumentsValues", When.VALIDATION, "%s%s.value or %s%s.valueFrom is required"),
    UNRESOLVED_VARIABLE("resolveAllVariables", When.VALIDATION, "failed to resolve {{%s}}"),
    RETRY_POLICY_INVALID("validateTemplateHolder", When.VALIDATION, "%s is not a valid RetryPolicy"),
    OUTPUT_VALUE_MISSING("validateOutputParameter", When.VALIDATION, "%s does not have valueFrom or value specified"),
    OUTPUT_PATH_REQUIRED("validateOutputs", When.VALIDATION, "%s.path must be specified for %s templates"),
    OUTPUT_PARAMETER_REQUIRED(
            "validateOutputs", When.VALIDATION, "%s.parameter or expression must be specified for %s templates"),
    RETRY_LIMIT_NOT_AN_INTEGER(
            "processNodeRetries (workflow/controller/operator.go, intstr.Int32); wording the runner's",
            When.RUN,
            "retryStrategy.limit '%s' is not an integer"),
    RETRY_EXPRESSION_UNSUPPORTED(
            "processNodeRetries (argoexpr.EvalBool); the runner evaluates a subset of expr, wording the runner's",
            When.RUN,
            "retryStrategy.expression '%s' is beyond what the runner evaluates: %s");

    /** Whether Argo refuses the resource (validation) or fails the node while running it. */
    public enum When {
        VALIDATION,
        RUN
    }

    private final String goFunction;
    private final When when;
    private final String format;

    ArgoRule(String goFunction, When when, String format) {
        this.goFunction = goFunction;
        this.when = when;
        this.format = format;
    }

    public String goFunction() {
        return goFunction;
    }

    public When when() {
        return when;
    }

    /** The message with its arguments, as Go's {@code fmt.Sprintf} formats it. */
    public String message(Object... arguments) {
        return String.format(format, arguments);
    }

    /** A refusal by this rule, {@code path} being where Argo found it (may be empty). */
    public WorkflowException refuse(String path, Object... arguments) {
        return new WorkflowException((path.isEmpty() ? "" : path + " ") + message(arguments));
    }

    /** Whether {@code text} holds a message of this rule, whatever its arguments. */
    public boolean matches(String text) {
        String[] literals = format.split("%[sd]", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(literals[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).find();
    }
}
