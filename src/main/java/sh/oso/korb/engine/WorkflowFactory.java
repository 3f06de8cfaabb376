package sh.oso.korb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.tekton.v1.ParamValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import sh.oso.korb.api.JobSpec;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Operation;

/**
 * The Workflow for one resource generation: the operation's container template embedded as the entrypoint, the
 * spec as the Workflow's arguments (which Argo binds to the entrypoint's inputs), Secrets by name only (no Secret
 * is ever read here), retries, deadline, TTL and resources applied, and an owner reference so Kubernetes deletes
 * it with the resource.
 */
final class WorkflowFactory {

    static final String API_VERSION = "argoproj.io/v1alpha1";
    static final String KIND = "Workflow";

    /** Workspace names as RunParams gives them, to the template's Secret parameter and volume names. */
    private static final Map<String, String> SECRET_PARAMETERS = Map.of(
            "kafka-tls", "kafka-tls-secret",
            "kafka-sasl", "kafka-sasl-secret",
            "cloud-credentials", "cloud-credentials-secret");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutorSettings executor;
    private final WorkflowTemplates templates;

    WorkflowFactory(ExecutorSettings executor, WorkflowTemplates templates) {
        this.executor = executor;
        this.templates = templates;
    }

    GenericKubernetesResource create(KafkaOffsetRollback resource) {
        Operation operation = resource.getSpec().getOperation();
        boolean onClaim = RunParams.claim(resource).isPresent();
        ObjectNode template = templates.template(operation, onClaim);
        Map<String, String> secrets = RunParams.secretWorkspaces(resource);
        emptyUnnamedSecrets(template, secrets);
        JobSpec job = resource.getSpec().getJob();
        // No retries unless asked for, as on the Tekton and Job engines: one resource behaves alike on every engine.
        // The retryStrategy stays (limit 0) so that its expression still decides and the outcome is read from the
        // Retry node as with retries; the standalone WorkflowTemplates keep their own default of 2.
        ((ObjectNode) template.path("retryStrategy"))
                .put("limit", job != null && job.getBackoffLimit() != null ? job.getBackoffLimit() : 0);
        if (resource.getSpec().getResources() != null) {
            // The container's own resources; the template's podSpecPatch would put its defaults back over them.
            template.remove("podSpecPatch");
            template.with("container")
                    .set("resources", JSON.valueToTree(resource.getSpec().getResources()));
        }

        ObjectNode spec = JSON.createObjectNode();
        spec.put("entrypoint", template.path("name").asText());
        ArrayNode parameters = spec.putObject("arguments").putArray("parameters");
        arguments(resource, secrets, templates.parameters(operation, onClaim))
                .forEach((name, value) ->
                        parameters.addObject().put("name", name).put("value", value));
        spec.put("serviceAccountName", executor.account());
        spec.put(
                "activeDeadlineSeconds",
                EngineDefaults.deadlineSeconds(job == null ? null : job.getActiveDeadlineSeconds()));
        if (job != null && job.getTtlSecondsAfterFinished() != null) {
            spec.putObject("ttlStrategy")
                    .put("secondsAfterCompletion", EngineDefaults.engineTtlSeconds(job.getTtlSecondsAfterFinished()));
        }
        spec.putArray("templates").add(template);

        GenericKubernetesResource workflow = new GenericKubernetesResource();
        workflow.setApiVersion(API_VERSION);
        workflow.setKind(KIND);
        workflow.setMetadata(RunNames.metadata(resource));
        workflow.setAdditionalProperty("spec", JSON.convertValue(spec, Map.class));
        return workflow;
    }

    /**
     * A Secret the spec does not name reads as none: its volume becomes an empty directory, which the executor
     * reads as an absent Secret. The template's default Secret names (korb-kafka-tls, ...) would otherwise make
     * whatever Secret of that name the namespace holds part of every run, which the spec does not say.
     */
    private static void emptyUnnamedSecrets(ObjectNode template, Map<String, String> secrets) {
        for (JsonNode volume : template.path("volumes")) {
            String name = volume.path("name").asText();
            if (SECRET_PARAMETERS.containsKey(name) && !secrets.containsKey(name)) {
                ((ObjectNode) volume).remove("secret");
                ((ObjectNode) volume).putObject("emptyDir");
            }
        }
    }

    /** The spec as the template's input parameters, only those it declares; unset fields keep its defaults. */
    private Map<String, String> arguments(
            KafkaOffsetRollback resource, Map<String, String> secrets, Set<String> declared) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("image", executor.image());
        new RunParams(resource).forEach((name, value) -> values.put(name, text(value)));
        secrets.forEach((workspace, secret) -> values.put(SECRET_PARAMETERS.get(workspace), secret));
        RunParams.claim(resource).ifPresent(claim -> values.put("pvc-claim-name", claim));
        values.keySet().retainAll(declared);
        return values;
    }

    /** Argo's parameters are strings: a list (the consumer groups) is comma-separated, as the template expects. */
    private static String text(ParamValue value) {
        return value.getArrayVal() != null ? String.join(",", value.getArrayVal()) : value.getStringVal();
    }
}
