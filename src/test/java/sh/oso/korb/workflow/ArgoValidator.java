package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Argo's validation ({@code workflow/validate/validate.go}) of what {@link ArgoRunner} interprets, walking the
 * templates as Argo does: from the entrypoint, then every template of the resource, through {@code template} and
 * {@code templateRef} (namespaced, or cluster-scoped with {@code clusterScope: true}). Each refusal is an
 * {@link ArgoRule} with the path Argo puts in front of it.
 */
final class ArgoValidator {

    /** A WorkflowTemplate, ClusterWorkflowTemplate or Workflow: where {@code template:} references are looked up. */
    record Resource(String kind, String name, Map<String, JsonNode> templates) {

        static Resource of(JsonNode resource) {
            Map<String, JsonNode> templates = new LinkedHashMap<>();
            resource.at("/spec/templates")
                    .forEach(t -> templates.putIfAbsent(t.path("name").asText(), t));
            return new Resource(
                    resource.path("kind").asText(),
                    resource.at("/metadata/name").asText(),
                    templates);
        }
    }

    /** The templates {@code templateRef} reaches: WorkflowTemplates, and ClusterWorkflowTemplates by clusterScope. */
    interface References {
        Optional<Resource> resolve(String name, boolean clusterScope);
    }

    private static final Pattern PARAMETER_NAME = Pattern.compile("^[-a-zA-Z0-9_]+[-a-zA-Z0-9_]*$");
    private static final Pattern FIELD_NAME = Pattern.compile("^[a-zA-Z0-9][-a-zA-Z0-9]*$");
    private static final String PARAMETER_NAME_ERROR = "Parameter/Artifact name must consist of alpha-numeric"
            + " characters, '_' or '-' e.g. my_param_1, MY-PARAM-1";
    private static final String FIELD_NAME_ERROR = "name must consist of alpha-numeric characters or '-', and must"
            + " start with an alpha-numeric character (e.g. My-name1-2, 123-NAME)";
    private static final List<String> CHECKED_PREFIXES =
            List.of("item.", "steps.", "inputs.", "outputs.", "pod.", "workflow.", "tasks.");
    private static final List<String> TYPES = List.of(
            "container", "containerSet", "steps", "script", "resource", "dag", "suspend", "data", "http", "plugin");
    private static final Set<String> RETRY_POLICIES = Set.of("Always", "OnError", "OnFailure", "OnTransientError", "");
    /** Arguments that supply every input, as Argo's FakeArguments do where the caller is not known. */
    private static final Function<String, Optional<String>> ANY = name -> Optional.of("placeholder");

    private final References references;
    private final Set<String> globals = new HashSet<>();
    private final Set<String> validated = new HashSet<>();
    private boolean templateValidation;

    private ArgoValidator(References references) {
        this.references = references;
    }

    /** As Argo validates a WorkflowTemplate or ClusterWorkflowTemplate when it is created or linted. */
    static void validateTemplate(JsonNode resource, References references) {
        new ArgoValidator(references).validate(resource, true);
    }

    /** As Argo validates a Workflow when it is submitted. */
    static void validateWorkflow(JsonNode workflow, References references) {
        new ArgoValidator(references).validate(workflow, false);
    }

    private void validate(JsonNode resource, boolean isTemplate) {
        templateValidation = isTemplate;
        JsonNode spec = resource.path("spec");
        fieldNames("spec.templates", spec.path("templates"), FIELD_NAME, FIELD_NAME_ERROR);
        validateArguments("spec.arguments.", spec.path("arguments"), isTemplate);
        for (String global : List.of(
                "name",
                "namespace",
                "mainEntrypoint",
                "serviceAccountName",
                "uid",
                "status",
                "annotations",
                "annotations.json",
                "labels",
                "labels.json",
                "creationTimestamp")) {
            globals.add("workflow." + global);
        }
        Map<String, String> workflowArguments = new LinkedHashMap<>();
        for (JsonNode parameter : spec.at("/arguments/parameters")) {
            globals.add("workflow.parameters." + parameter.path("name").asText());
            globals.add("workflow.parameters");
            globals.add("workflow.parameters.json");
            if (parameter.has("value")) {
                workflowArguments.put(
                        parameter.path("name").asText(), parameter.path("value").asText());
            }
        }
        resource.at("/metadata/annotations")
                .fieldNames()
                .forEachRemaining(k -> globals.add("workflow.annotations." + k));
        resource.at("/metadata/labels").fieldNames().forEachRemaining(k -> globals.add("workflow.labels." + k));
        String entrypoint = spec.path("entrypoint").asText();
        if (!isTemplate && entrypoint.isEmpty()) {
            throw ArgoRule.ENTRYPOINT_REQUIRED.refuse("");
        }
        Resource base = Resource.of(resource);
        if (!entrypoint.isEmpty()) {
            Function<String, Optional<String>> arguments =
                    isTemplate ? ANY : name -> Optional.ofNullable(workflowArguments.get(name));
            validateHolder(Yaml.parse("{template: " + entrypoint + "}"), base, arguments);
        }
        for (String name : base.templates().keySet()) {
            try {
                validateHolder(Yaml.parse("{template: " + name + "}"), base, ANY);
            } catch (WorkflowException e) {
                throw new WorkflowException("templates." + name + " " + e.getMessage());
            }
        }
    }

    /** Resolves a step's (or the entrypoint's) template, checks its retryStrategy and validates it. */
    private Resolved validateHolder(JsonNode holder, Resource base, Function<String, Optional<String>> arguments) {
        String name = holder.path("template").asText();
        JsonNode ref = holder.path("templateRef");
        Resolved resolved;
        if (!ref.isMissingNode()) {
            if (!name.isEmpty()) {
                throw ArgoRule.TEMPLATE_NAME_WITH_TEMPLATE_REF.refuse("");
            }
            String resourceName = ref.path("name").asText();
            String templateName = ref.path("template").asText();
            if (resourceName.isEmpty()) {
                throw ArgoRule.TEMPLATE_REF_NAME_REQUIRED.refuse("");
            }
            if (templateName.isEmpty()) {
                throw ArgoRule.TEMPLATE_REF_TEMPLATE_REQUIRED.refuse("");
            }
            Resource target = references
                    .resolve(resourceName, ref.path("clusterScope").asBoolean(false))
                    .filter(found -> found.templates().containsKey(templateName))
                    .orElseThrow(() -> ArgoRule.TEMPLATE_REFERENCE_NOT_FOUND.refuse("", resourceName, templateName));
            resolved = new Resolved(target.templates().get(templateName), target);
        } else {
            JsonNode template = base.templates().get(name);
            if (template == null) {
                throw ArgoRule.TEMPLATE_NAME_UNDEFINED.refuse("", name);
            }
            resolved = new Resolved(template, base);
        }
        JsonNode retryStrategy = resolved.template().path("retryStrategy");
        String policy = retryStrategy.path("retryPolicy").asText();
        if (!retryStrategy.isMissingNode() && !RETRY_POLICIES.contains(policy)) {
            throw ArgoRule.RETRY_POLICY_INVALID.refuse("", policy);
        }
        validateTemplate(resolved, arguments);
        return resolved;
    }

    record Resolved(JsonNode template, Resource resource) {}

    private void validateTemplate(Resolved resolved, Function<String, Optional<String>> arguments) {
        JsonNode template = resolved.template();
        String name = template.path("name").asText();
        long types = TYPES.stream().filter(template::has).count();
        if (types == 0) {
            throw ArgoRule.TEMPLATE_TYPE_UNSPECIFIED.refuse("", name);
        }
        if (types > 1) {
            throw ArgoRule.TEMPLATE_TYPES_MULTIPLE.refuse("", name);
        }
        fieldNames(
                "templates." + name + ".inputs.parameters",
                template.at("/inputs/parameters"),
                PARAMETER_NAME,
                PARAMETER_NAME_ERROR);
        Set<String> scope = new HashSet<>(globals);
        for (JsonNode input : template.at("/inputs/parameters")) {
            String input_name = input.path("name").asText();
            scope.add("inputs.parameters." + input_name);
            scope.add("inputs.parameters");
            if (!input.has("value")
                    && !input.has("default")
                    && arguments.apply(input_name).isEmpty()) {
                throw ArgoRule.INPUT_NOT_SUPPLIED.refuse("templates." + name, input_name);
            }
        }
        if (!validated.add(
                resolved.resource().kind() + "/" + resolved.resource().name() + "/" + name)) {
            return;
        }
        if (template.has("container")) {
            scope.add("pod.name");
            for (JsonNode output : template.at("/outputs/parameters")) {
                scope.add("outputs.parameters." + output.path("name").asText() + ".path");
            }
            resolveAll(scope, template, "templates." + name + ":");
        } else if (template.has("steps")) {
            validateSteps(template, scope, resolved.resource());
        } else if (template.has("dag")) {
            for (JsonNode task : template.at("/dag/tasks")) {
                validateHolder(task, resolved.resource(), ANY);
            }
        }
        validateOutputs(template, scope);
    }

    private void validateSteps(JsonNode template, Set<String> scope, Resource base) {
        String name = template.path("name").asText();
        Set<String> stepNames = new HashSet<>();
        int index = 0;
        for (JsonNode group : template.path("steps")) {
            for (JsonNode step : group) {
                String stepName = step.path("name").asText();
                if (!stepNames.add(stepName)) {
                    throw ArgoRule.STEP_NAME_NOT_UNIQUE.refuse("", name, index, stepName);
                }
                scope.add("steps." + stepName + ".status");
                String path = "templates." + name + ".steps[" + index + "]." + stepName;
                validateArguments(path + ".arguments.", step.path("arguments"), false);
                Map<String, String> given = new LinkedHashMap<>();
                step.at("/arguments/parameters")
                        .forEach(p -> given.put(
                                p.path("name").asText(), p.path("value").asText()));
                Function<String, Optional<String>> actual = argument -> Optional.ofNullable(given.get(argument));
                Resolved resolved =
                        wrapped(path, () -> validateHolder(step, base, step.has("templateRef") ? actual : ANY));
                resolveAll(scope, step, "templates." + name + ".steps");
                for (String field :
                        List.of("id", "startedAt", "finishedAt", "hostNodeName", "exitCode", "outputs.result")) {
                    scope.add("steps." + stepName + "." + field);
                }
                resolved.template()
                        .at("/outputs/parameters")
                        .forEach(p -> scope.add("steps." + stepName + ".outputs.parameters."
                                + p.path("name").asText()));
                wrapped(path, () -> validateHolder(step, base, actual));
            }
            index++;
        }
    }

    private static <T> T wrapped(String path, java.util.function.Supplier<T> validation) {
        try {
            return validation.get();
        } catch (WorkflowException e) {
            throw new WorkflowException(path + " " + e.getMessage());
        }
    }

    private void validateOutputs(JsonNode template, Set<String> scope) {
        String name = template.path("name").asText();
        JsonNode outputs = template.at("/outputs/parameters");
        fieldNames("templates." + name + ".outputs.parameters ", outputs, PARAMETER_NAME, PARAMETER_NAME_ERROR);
        resolveAll(scope, template.path("outputs"), "templates." + name + ".outputs");
        for (JsonNode output : outputs) {
            String ref = "templates." + name + ".outputs.parameters."
                    + output.path("name").asText();
            JsonNode from = output.path("valueFrom");
            if (from.isMissingNode() && !output.has("value")) {
                throw ArgoRule.OUTPUT_VALUE_MISSING.refuse("", ref);
            }
            if (template.has("container") && !from.isMissingNode() && !from.has("path")) {
                throw ArgoRule.OUTPUT_PATH_REQUIRED.refuse("", ref, "Container");
            }
            if (template.has("steps") && !from.isMissingNode() && !from.has("parameter") && !from.has("expression")) {
                throw ArgoRule.OUTPUT_PARAMETER_REQUIRED.refuse("", ref, "Steps");
            }
        }
    }

    /** Every {@code {{variable}}} under {@code node} whose prefix Argo checks must be in scope. */
    private void resolveAll(Set<String> scope, JsonNode node, String path) {
        for (String variable : Substitution.ARGO.references(node.toString())) {
            boolean checked = CHECKED_PREFIXES.stream().anyMatch(variable::startsWith);
            boolean allowed = variable.startsWith("outputs.")
                    || variable.startsWith("workflow.creationTimestamp")
                    || (variable.startsWith("workflow.parameters") && templateValidation);
            if (checked && !allowed && !scope.contains(variable)) {
                throw ArgoRule.UNRESOLVED_VARIABLE.refuse(path, variable);
            }
        }
    }

    private static void validateArguments(String prefix, JsonNode arguments, boolean allowEmptyValues) {
        fieldNames(prefix + "parameters", arguments.path("parameters"), PARAMETER_NAME, PARAMETER_NAME_ERROR);
        for (JsonNode parameter : arguments.path("parameters")) {
            String name = parameter.path("name").asText();
            if (!parameter.has("value") && !parameter.has("valueFrom") && !allowEmptyValues) {
                throw ArgoRule.ARGUMENT_VALUE_REQUIRED.refuse("", prefix, name, prefix, name);
            }
        }
    }

    /** validateWorkflowFieldNames: every name present, well formed and unique, prefixed by where the list is. */
    private static void fieldNames(String prefix, JsonNode named, Pattern pattern, String error) {
        Map<String, Integer> seen = new HashMap<>();
        int index = 0;
        for (JsonNode item : named) {
            String name = item.path("name").asText();
            if (name.isEmpty()) {
                throw new WorkflowException(prefix + ArgoRule.NAME_REQUIRED.message(index));
            }
            if (!pattern.matcher(name).matches() || (pattern == FIELD_NAME && name.length() > 128)) {
                throw new WorkflowException(prefix + ArgoRule.NAME_INVALID.message(index, name, error));
            }
            if (seen.putIfAbsent(name, index) != null) {
                throw new WorkflowException(prefix + ArgoRule.NAME_NOT_UNIQUE.message(index, name));
            }
            index++;
        }
    }
}
