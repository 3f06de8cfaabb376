package sh.oso.korb.workflow;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the API server refuses in a Job on create, for the parts of Kubernetes' batch validation
 * ({@code pkg/apis/batch/validation/validation.go}) a Job korb renders could get wrong, with the API's own
 * messages: non-negative counts and times, the restart policy (Never with a pod failure policy), the pod failure
 * policy's rules (exit codes and pod conditions), and containers with a name and an image ({@code ValidatePodTemplateSpec}).
 */
final class JobValidation {

    private static final Set<String> ACTIONS = Set.of("Count", "FailIndex", "FailJob", "Ignore");
    private static final Set<String> OPERATORS = Set.of("In", "NotIn");
    private static final Set<String> CONDITION_STATUSES = Set.of("False", "True", "Unknown");
    /** Kubernetes' maxPodFailurePolicyRules and maxPodFailurePolicyOnPodConditionsPatterns. */
    private static final int MOST_RULES = 20;

    private static final int MOST_CONDITION_PATTERNS = 20;
    /** The name part of a qualified name (apimachinery's qualifiedNameFmt), at most 63 characters. */
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private JobValidation() {}

    /** The API server's answer to creating the Job: empty when it is accepted. */
    static List<String> errors(Job job) {
        List<String> errors = new ArrayList<>();
        JobSpec spec = job.getSpec();
        if (spec == null || spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
            errors.add("spec.template.spec: Required value");
            return errors;
        }
        nonNegative(errors, "spec.activeDeadlineSeconds", spec.getActiveDeadlineSeconds());
        nonNegative(errors, "spec.backoffLimit", spec.getBackoffLimit());
        nonNegative(errors, "spec.ttlSecondsAfterFinished", spec.getTtlSecondsAfterFinished());
        List<Container> containers = spec.getTemplate().getSpec().getContainers();
        if (containers == null || containers.isEmpty()) {
            errors.add("spec.template.spec.containers: Required value");
        } else {
            for (int i = 0; i < containers.size(); i++) {
                if (blank(containers.get(i).getName())) {
                    errors.add("spec.template.spec.containers[" + i + "].name: Required value");
                }
                if (blank(containers.get(i).getImage())) {
                    errors.add("spec.template.spec.containers[" + i + "].image: Required value");
                }
            }
        }
        if (spec.getPodFailurePolicy() != null) {
            podFailurePolicy(errors, spec, containers == null ? List.of() : containers);
        }
        String restartPolicy = spec.getTemplate().getSpec().getRestartPolicy();
        String path = "spec.template.spec.restartPolicy";
        if (blank(restartPolicy) || restartPolicy.equals("Always")) {
            errors.add(path + ": Required value: valid values: \"OnFailure\", \"Never\"");
        } else if (!restartPolicy.equals("OnFailure") && !restartPolicy.equals("Never")) {
            errors.add(path + ": Unsupported value: \"" + restartPolicy
                    + "\": supported values: \"OnFailure\", \"Never\"");
        } else if (spec.getPodFailurePolicy() != null && !restartPolicy.equals("Never")) {
            errors.add(path + ": Invalid value: \"" + restartPolicy
                    + "\": only \"Never\" is supported when podFailurePolicy is specified");
        }
        return errors;
    }

    /** The message of the API server's 422 answer, as kubectl shows it. */
    static String message(Job job, List<String> errors) {
        return "Job.batch \"" + job.getMetadata().getName() + "\" is invalid: "
                + (errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
    }

    private static void podFailurePolicy(List<String> errors, JobSpec spec, List<Container> containers) {
        Set<String> names = containers.stream().map(Container::getName).collect(Collectors.toSet());
        List<PodFailurePolicyRule> rules = spec.getPodFailurePolicy().getRules();
        if (rules != null && rules.size() > MOST_RULES) {
            errors.add("spec.podFailurePolicy.rules: Too many: " + rules.size() + ": must have at most " + MOST_RULES
                    + " items");
        }
        for (int i = 0; i < (rules == null ? 0 : rules.size()); i++) {
            PodFailurePolicyRule rule = rules.get(i);
            String path = "spec.podFailurePolicy.rules[" + i + "]";
            if (blank(rule.getAction())) {
                errors.add(path
                        + ".action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]");
            } else if (rule.getAction().equals("FailIndex") && spec.getBackoffLimitPerIndex() == null) {
                errors.add(path + ".action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set");
            } else if (!ACTIONS.contains(rule.getAction())) {
                errors.add(path + ".action: Unsupported value: \"" + rule.getAction()
                        + "\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"");
            }
            boolean conditions = rule.getOnPodConditions() != null
                    && !rule.getOnPodConditions().isEmpty();
            if (rule.getOnExitCodes() != null) {
                onExitCodes(errors, path + ".onExitCodes", rule.getOnExitCodes(), names);
            }
            if (conditions) {
                onPodConditions(errors, path + ".onPodConditions", rule.getOnPodConditions());
            }
            if (rule.getOnExitCodes() != null && conditions) {
                errors.add(path + ": Invalid value: specifying both OnExitCodes and OnPodConditions is not supported");
            }
            if (rule.getOnExitCodes() == null && !conditions) {
                errors.add(path + ": Invalid value: specifying one of OnExitCodes and OnPodConditions is required");
            }
        }
    }

    private static void onExitCodes(
            List<String> errors, String path, PodFailurePolicyOnExitCodesRequirement onExitCodes, Set<String> names) {
        String operator = onExitCodes.getOperator();
        if (blank(operator)) {
            errors.add(path + ".operator: Required value: valid values: [\"In\" \"NotIn\"]");
        } else if (!OPERATORS.contains(operator)) {
            errors.add(
                    path + ".operator: Unsupported value: \"" + operator + "\": supported values: \"In\", \"NotIn\"");
        }
        if (onExitCodes.getContainerName() != null && !names.contains(onExitCodes.getContainerName())) {
            errors.add(path + ".containerName: Invalid value: \"" + onExitCodes.getContainerName()
                    + "\": must be one of the container or initContainer names in the pod template");
        }
        List<Integer> values = onExitCodes.getValues() == null ? List.of() : onExitCodes.getValues();
        if (values.isEmpty()) {
            errors.add(path + ".values: Invalid value: []: at least one value is required");
        }
        Set<Integer> unique = new HashSet<>();
        boolean ordered = true;
        for (int j = 0; j < values.size(); j++) {
            int value = values.get(j);
            if ("In".equals(operator) && value == 0) {
                errors.add(path + ".values[" + j + "]: Invalid value: 0: must not be 0 for the In operator");
            }
            if (!unique.add(value)) {
                errors.add(path + ".values[" + j + "]: Duplicate value: " + value);
            }
            if (j > 0 && values.get(j - 1) > value) {
                ordered = false;
            }
        }
        if (!ordered) {
            errors.add(path + ".values: Invalid value: " + values + ": must be ordered");
        }
    }

    private static void onPodConditions(
            List<String> errors, String path, List<PodFailurePolicyOnPodConditionsPattern> patterns) {
        if (patterns.size() > MOST_CONDITION_PATTERNS) {
            errors.add(path + ": Too many: " + patterns.size() + ": must have at most " + MOST_CONDITION_PATTERNS
                    + " items");
        }
        for (int j = 0; j < patterns.size(); j++) {
            String patternPath = path + "[" + j + "]";
            qualifiedName(errors, patternPath + ".type", patterns.get(j).getType());
            String status = patterns.get(j).getStatus();
            if (blank(status)) {
                errors.add(patternPath + ".status: Required value: valid values: [\"False\" \"True\" \"Unknown\"]");
            } else if (!CONDITION_STATUSES.contains(status)) {
                errors.add(patternPath + ".status: Unsupported value: \"" + status
                        + "\": supported values: \"False\", \"True\", \"Unknown\"");
            }
        }
    }

    /** apimachinery's IsQualifiedName for a name without a prefix, as a pod condition type is. */
    private static void qualifiedName(List<String> errors, String path, String name) {
        String part = name == null ? "" : name.substring(name.indexOf('/') + 1);
        if (part.isEmpty()) {
            errors.add(path + ": Invalid value: \"" + (name == null ? "" : name) + "\": name part must be non-empty");
        } else if (part.length() > 63) {
            errors.add(path + ": Invalid value: \"" + name + "\": name part must be no more than 63 characters");
        } else if (!QUALIFIED_NAME_PART.matcher(part).matches()) {
            errors.add(path + ": Invalid value: \"" + name + "\": name part must consist of alphanumeric characters,"
                    + " '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or"
                    + " 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?"
                    + "[A-Za-z0-9]')");
        }
    }

    private static void nonNegative(List<String> errors, String path, Number value) {
        if (value != null && value.longValue() < 0) {
            errors.add(path + ": Invalid value: " + value + ": must be greater than or equal to 0");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
