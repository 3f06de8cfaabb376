package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.tekton.v1.ParamValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import sh.oso.korb.api.JobSpec;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.MappingConfigMapRef;

/**
 * What the Argo and Job engines need of a resource to run it, the same for a KafkaOffsetRollback and a
 * KafkaOffsetReset, so that one {@link WorkflowFactory} and one {@link JobFactory} run both: the operation's name
 * (its Argo template's, and its Task's kafka-offset-&lt;name&gt;), the run's metadata, the params of {@link RunParams}
 * or {@link ResetRunParams} (the one mapping of each spec), the Secrets, claim and mapping ConfigMap bound by name,
 * and the spec's job and resources fields.
 *
 * @param operation the Task's and template's operation: snapshot, rollback, verify, delete or reset
 * @param secrets   workspace name to Secret name
 * @param mapping   the ConfigMap the mapping workspace is bound to (a reset of strategy fromMapping)
 * @param job       the spec's job fields, or null
 * @param resources the spec's resources, or null: the Task's and template's own
 */
record RunInput(
        String operation,
        ObjectMeta metadata,
        Map<String, ParamValue> params,
        Map<String, String> secrets,
        Optional<String> claim,
        Optional<String> mapping,
        JobSpec job,
        ResourceRequirements resources) {

    static RunInput of(KafkaOffsetRollback resource) {
        Map<String, ParamValue> params = new LinkedHashMap<>();
        new RunParams(resource).forEach(params::put);
        return new RunInput(
                resource.getSpec().getOperation().value(),
                RunNames.metadata(resource),
                params,
                RunParams.secretWorkspaces(resource),
                RunParams.claim(resource),
                Optional.empty(),
                resource.getSpec().getJob(),
                resource.getSpec().getResources());
    }

    /** A reset that has a run ({@link ResetRunParams#notSupported} empty). */
    static RunInput of(KafkaOffsetReset resource) {
        Map<String, ParamValue> params = new LinkedHashMap<>();
        new ResetRunParams(resource).forEach(params::put);
        return new RunInput(
                "reset",
                RunNames.metadata(resource),
                params,
                ResetRunParams.secretWorkspaces(resource),
                ResetRunParams.claim(resource),
                ResetRunParams.mapping(resource).map(MappingConfigMapRef::getName),
                resource.getSpec().getJob(),
                resource.getSpec().getResources());
    }
}
