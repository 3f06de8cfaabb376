package sh.oso.korb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.tekton.v1.ParamValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sh.oso.korb.api.JobSpec;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;

/**
 * The Workflow for one resource generation (a KafkaOffsetRollback's or a KafkaOffsetReset's): the operation's container template embedded as the entrypoint, the
 * spec as the Workflow's arguments (which Argo binds to the entrypoint's inputs), Secrets by name only (no Secret
 * is ever read here), retries, deadline, TTL and resources applied, and an owner reference so Kubernetes deletes
 * it with the resource.
 */
final class WorkflowFactory {

    static final String API_VERSION = "argoproj.io/v1alpha1";
    static final String KIND = "Workflow";

    /**
     * Workspace names as RunParams and ResetRunParams give them, which are the template's volume names, to the
     * template's parameter that names the Secret (or the mapping's ConfigMap) the volume mounts.
     */
    private static final Map<String, String> NAMED_VOLUMES = Map.of(
            "kafka-tls",
            "kafka-tls-secret",
            "kafka-sasl",
            "kafka-sasl-secret",
            "cloud-credentials",
            "cloud-credentials-secret",
            ResetRunParams.MAPPING_WORKSPACE,
            "mapping-configmap");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutorSettings executor;
    private final WorkflowTemplates templates;

    WorkflowFactory(ExecutorSettings executor, WorkflowTemplates templates) {
        this.executor = executor;
        this.templates = templates;
    }

    GenericKubernetesResource create(KafkaOffsetRollback resource) {
        return create(RunInput.of(resource));
    }

    /** A reset that has a run ({@link ResetRunParams#notSupported} empty). */
    GenericKubernetesResource create(KafkaOffsetReset resource) {
        return create(RunInput.of(resource));
    }

    private GenericKubernetesResource create(RunInput input) {
        boolean onClaim = input.claim().isPresent();
        ObjectNode template = templates.template(input.operation(), onClaim);
        Map<String, String> named = new LinkedHashMap<>(input.secrets());
        input.mapping().ifPresent(configMap -> named.put(ResetRunParams.MAPPING_WORKSPACE, configMap));
        emptyUnnamedVolumes(template, named);
        JobSpec job = input.job();
        // No retries unless asked for, as on the Tekton and Job engines: one resource behaves alike on every engine.
        // The retryStrategy stays (limit 0) so that its expression still decides and the outcome is read from the
        // Retry node as with retries; the standalone WorkflowTemplates keep their own default of 2.
        ((ObjectNode) template.path("retryStrategy"))
                .put("limit", job != null && job.getBackoffLimit() != null ? job.getBackoffLimit() : 0);
        if (input.resources() != null) {
            // The container's own resources; the template's podSpecPatch would put its defaults back over them.
            template.remove("podSpecPatch");
            template.with("container").set("resources", JSON.valueToTree(input.resources()));
        }

        ObjectNode spec = JSON.createObjectNode();
        spec.put("entrypoint", template.path("name").asText());
        ArrayNode parameters = spec.putObject("arguments").putArray("parameters");
        arguments(input, named, templates.parameters(input.operation(), onClaim))
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
        workflow.setMetadata(input.metadata());
        workflow.setAdditionalProperty("spec", JSON.convertValue(spec, Map.class));
        return workflow;
    }

    /**
     * A Secret (or mapping ConfigMap) the spec does not name reads as none: its volume becomes an empty directory,
     * which the executor reads as an absent Secret (an unset from-file does not read it). The template's default
     * names (korb-kafka-tls, korb-offset-mapping, ...) would otherwise make whatever object of that name the
     * namespace holds part of every run, which the spec does not say.
     */
    private static void emptyUnnamedVolumes(ObjectNode template, Map<String, String> named) {
        for (JsonNode volume : template.path("volumes")) {
            String name = volume.path("name").asText();
            if (NAMED_VOLUMES.containsKey(name) && !named.containsKey(name)) {
                ((ObjectNode) volume).remove(List.of("secret", "configMap"));
                ((ObjectNode) volume).putObject("emptyDir");
            }
        }
    }

    /** The spec as the template's input parameters, only those it declares; unset fields keep its defaults. */
    private Map<String, String> arguments(RunInput input, Map<String, String> named, Set<String> declared) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("image", executor.image());
        input.params().forEach((name, value) -> values.put(name, text(value)));
        named.forEach((volume, object) -> values.put(NAMED_VOLUMES.get(volume), object));
        input.claim().ifPresent(claim -> values.put("pvc-claim-name", claim));
        values.keySet().retainAll(declared);
        return values;
    }

    /** Argo's parameters are strings: a list (the consumer groups) is comma-separated, as the template expects. */
    private static String text(ParamValue value) {
        return value.getArrayVal() != null ? String.join(",", value.getArrayVal()) : value.getStringVal();
    }
}
