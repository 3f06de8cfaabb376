package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;

/**
 * {@link ArgoRunner} retries a step as Argo does under the shipped templates' retryStrategy (exit 1 and pod errors,
 * twice), and the run identity the templates pass as {@code KORB_RUN_ID} is the same in every attempt of a step and
 * different between steps.
 */
class ArgoRetryTest {

    @TempDir
    Path work;

    /** The environment of each attempt, in order. */
    private final List<Map<String, String>> attempts = new ArrayList<>();

    private static JsonNode shippedStrategy() {
        JsonNode template = Yaml.read(Yaml.PROJECT.resolve("workflow-templates/kafka-offset.yaml"));
        return template.at("/spec/templates/0/retryStrategy");
    }

    /** A runner whose {@code flaky} command exits with the codes given, one per attempt across the workflow. */
    private ArgoRunner runner(int... exitCodes) {
        Container container = new Container(new CliRun()).command("flaky", env -> {
            attempts.add(env);
            int code = exitCodes[Math.min(attempts.size() - 1, exitCodes.length - 1)];
            return new Container.Exit(code, "exit " + code);
        });
        return new ArgoRunner(container, work);
    }

    @Test
    void aStepThatExitsOneIsRetriedUnderTheSameRunIdentity() {
        ArgoRunner.WorkflowRun run = runner(1, 0, 1, 0).run(RetriedWorkflow.of(shippedStrategy()));

        assertThat(run.phase()).isEqualTo(ArgoRunner.Phase.SUCCEEDED);
        assertThat(run.node("first").attempts()).isEqualTo(2);
        assertThat(run.node("second").attempts()).isEqualTo(2);
        assertThat(attempts).extracting(env -> env.get("RETRIES")).containsExactly("0", "1", "0", "1");
        String first = attempts.get(0).get("RUN_ID");
        assertThat(attempts.get(1).get("RUN_ID")).isEqualTo(first);
        assertThat(first).matches("[0-9a-f-]{36}:kafka-offset-retry-\\w+\\[0]\\.first");
        assertThat(attempts.get(2).get("RUN_ID"))
                .isEqualTo(attempts.get(3).get("RUN_ID"))
                .isNotEqualTo(first)
                .endsWith("[1].second");
    }

    @Test
    void anotherWorkflowHasAnotherRunIdentity() {
        ArgoRunner runner = runner(0);
        runner.run(RetriedWorkflow.of(shippedStrategy()));
        runner.run(RetriedWorkflow.of(shippedStrategy()));

        Map<String, String> byStep = new HashMap<>();
        for (Map<String, String> env : attempts.subList(0, 2)) {
            byStep.put(env.get("RUN_ID").replaceFirst("^[^:]*:", ""), env.get("RUN_ID"));
        }
        assertThat(attempts.get(2).get("RUN_ID"))
                .as("same node name, another workflow uid")
                .isNotEqualTo(byStep.get(attempts.get(2).get("RUN_ID").replaceFirst("^[^:]*:", "")));
    }

    @Test
    void anAnswerIsNotRetried() {
        ArgoRunner.WorkflowRun run = runner(2).run(RetriedWorkflow.of(shippedStrategy()));

        assertThat(run.phase()).isEqualTo(ArgoRunner.Phase.FAILED);
        assertThat(run.node("first").attempts()).isEqualTo(1);
        assertThat(attempts).hasSize(1);
    }

    @Test
    void retriesStopAtTheLimit() {
        ArgoRunner.WorkflowRun run = runner(1).run(RetriedWorkflow.of(shippedStrategy()));

        assertThat(run.phase()).isEqualTo(ArgoRunner.Phase.FAILED);
        assertThat(run.node("first").attempts())
                .as("the first attempt and limit (" + shippedStrategy().path("limit") + ") retries")
                .isEqualTo(shippedStrategy().path("limit").asInt() + 1);
    }

    @Test
    void withoutAnExpressionOnFailureRetriesEveryFailure() {
        JsonNode strategy = Yaml.parse("{limit: 1}");

        ArgoRunner.WorkflowRun run = runner(3, 0).run(RetriedWorkflow.of(strategy));

        assertThat(run.phase()).isEqualTo(ArgoRunner.Phase.SUCCEEDED);
        assertThat(run.node("first").attempts()).isEqualTo(2);
    }

    @Test
    void onErrorDoesNotRetryAFailedContainer() {
        JsonNode strategy = Yaml.parse("{limit: 3, retryPolicy: OnError}");

        ArgoRunner.WorkflowRun run = runner(1, 0).run(RetriedWorkflow.of(strategy));

        assertThat(run.phase()).isEqualTo(ArgoRunner.Phase.FAILED);
        assertThat(run.node("first").attempts()).isEqualTo(1);
    }
}
