package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pod failure policy's pod-condition rules, refused as Kubernetes' batch validation refuses them. */
class JobValidationTest {

    private static Job job(List<PodFailurePolicyRule> rules) {
        return new JobBuilder()
                .withNewMetadata()
                .withName("conditions")
                .endMetadata()
                .withNewSpec()
                .withNewPodFailurePolicy()
                .withRules(rules)
                .endPodFailurePolicy()
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("step")
                .withImage("example/step")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static PodFailurePolicyRule onCondition(String type, String status) {
        return new PodFailurePolicyRuleBuilder()
                .withAction("Ignore")
                .addNewOnPodCondition()
                .withType(type)
                .withStatus(status)
                .endOnPodCondition()
                .build();
    }

    @Test
    void anIgnoreRuleOnDisruptionTargetIsAccepted() {
        assertThat(JobValidation.errors(job(List.of(onCondition("DisruptionTarget", "True")))))
                .isEmpty();
    }

    @Test
    void aConditionPatternNeedsAQualifiedTypeAndAKnownStatus() {
        assertThat(JobValidation.errors(job(List.of(onCondition("", "Maybe"), onCondition("-Disruption", null)))))
                .containsExactly(
                        "spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"\": name part must be"
                                + " non-empty",
                        "spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: \"Maybe\":"
                                + " supported values: \"False\", \"True\", \"Unknown\"",
                        "spec.podFailurePolicy.rules[1].onPodConditions[0].type: Invalid value: \"-Disruption\": name"
                                + " part must consist of alphanumeric characters, '-', '_' or '.', and must start and"
                                + " end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc',"
                                + " regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                        "spec.podFailurePolicy.rules[1].onPodConditions[0].status: Required value: valid values:"
                                + " [\"False\" \"True\" \"Unknown\"]");
    }

    @Test
    void atMostTwentyRules() {
        assertThat(JobValidation.errors(job(Collections.nCopies(21, onCondition("DisruptionTarget", "True")))))
                .containsExactly("spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items");
    }
}
