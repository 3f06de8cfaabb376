package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.engine.ArgoEngine;
import sh.oso.korb.engine.ExecutorSettings;
import sh.oso.korb.engine.RunOutcome;
import sh.oso.korb.testing.CliRun;

/** The Argo stand-in's own behaviour where Argo's controller acts without the executor: deadline, refusal, TTL. */
@EnableKubernetesMockClient(crud = true)
class ArgoStandInTest {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final ArgoEngine engine = new ArgoEngine(new ExecutorSettings("ghcr.io/oso-sh/korb:test", "korb-executor"));
    private ArgoStandIn argo;

    @AfterEach
    void tearDown() {
        if (argo != null) {
            argo.close();
        }
    }

    private GenericKubernetesResource create(
            String name, Consumer<ObjectNode> resourceChange, Consumer<ObjectNode> workflowChange) {
        ObjectNode resource = Yaml.copy(ReferenceExamples.named("create-snapshot"));
        resource.with("metadata").put("name", name).put("namespace", "kafka-backup");
        resourceChange.accept(resource);
        ObjectNode workflow = (ObjectNode) Yaml.parse(Serialization.asYaml(
                engine.render(Serialization.unmarshal(resource.toString(), KafkaOffsetRollback.class))));
        workflowChange.accept(workflow);
        argo = new ArgoStandIn(kubernetes, new Container(new CliRun()), work);
        return engine.runs(kubernetes)
                .resource(Serialization.unmarshal(workflow.toString(), GenericKubernetesResource.class))
                .create();
    }

    private GenericKubernetesResource current(GenericKubernetesResource workflow) {
        return engine.runs(kubernetes)
                .inNamespace("kafka-backup")
                .withName(workflow.getMetadata().getName())
                .get();
    }

    private static JsonNode status(GenericKubernetesResource workflow) {
        return Yaml.MAPPER.valueToTree(workflow.getAdditionalProperties().get("status"));
    }

    @Test
    void aWorkflowStillRunningAtItsDeadlineFailsAsArgoFailsIt() {
        GenericKubernetesResource workflow = create(
                "deadline",
                resource -> resource.with("spec").with("job").put("activeDeadlineSeconds", 1),
                workflowJson -> {});
        argo.hold(run -> true).start();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(current(workflow)).path("phase").asText().equals("Failed"));
        GenericKubernetesResource failed = current(workflow);
        JsonNode status = status(failed);
        JsonNode entry = status.path("nodes").path("deadline-g1");
        JsonNode pod = status.path("nodes").path(entry.at("/children/0").asText());

        assertThat(status.path("message").asText())
                .matches("retry exceeded workflow deadline \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000 UTC");
        assertThat(entry.path("type").asText()).isEqualTo("Retry");
        assertThat(entry.path("message").asText())
                .isEqualTo(status.path("message").asText());
        assertThat(pod.path("type").asText()).isEqualTo("Pod");
        assertThat(pod.path("name").asText()).isEqualTo("deadline-g1(0)");
        assertThat(pod.path("id").asText()).isEqualTo(ArgoStatus.nodeId("deadline-g1", "deadline-g1(0)"));
        assertThat(pod.path("message").asText()).isEqualTo("Step exceeded its deadline");
        RunOutcome outcome = engine.read(kubernetes, failed);
        assertThat(outcome.state()).isEqualTo(RunOutcome.State.FAILED);
        assertThat(outcome.message()).isEqualTo(status.path("message").asText());
    }

    @Test
    void aWorkflowArgoRefusesFailsAsAnInvalidSpecAndItsTtlDeletesIt() {
        GenericKubernetesResource workflow = create("refused", resource -> {}, workflowJson -> {
            workflowJson.with("spec").put("entrypoint", "snapshot-rollback-verify");
            // Argo's own TTL, which korb never sets below a minute
            workflowJson.with("spec").with("ttlStrategy").put("secondsAfterCompletion", 1);
        });
        argo.start();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> current(workflow) != null
                        && status(current(workflow)).path("phase").asText().equals("Failed"));
        JsonNode status = status(current(workflow));
        assertThat(status.path("message").asText())
                .startsWith("invalid spec: ")
                .contains("template name 'snapshot-rollback-verify' undefined");
        assertThat(status.path("finishedAt").asText()).isNotEmpty();

        await().atMost(Duration.ofSeconds(20)).until(() -> current(workflow) == null);
    }

    @Test
    void nodeIdsAreArgosFnvHashOfTheNodeName() {
        // Workflow.NodeID("hello-world(0)") for the Workflow hello-world: 32-bit FNV-1a of the node name.
        assertThat(ArgoStatus.nodeId("hello-world", "hello-world(0)"))
                .isEqualTo("hello-world-" + fnv("hello-world(0)"));
        assertThat(ArgoStatus.nodeId("a", "")).isEqualTo("a-2166136261");
    }

    /** FNV-1a over 64-bit arithmetic, independent of the int overflow the stand-in relies on. */
    private static long fnv(String text) {
        long hash = 2166136261L;
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash = ((hash ^ (b & 0xff)) * 16777619L) & 0xffffffffL;
        }
        return hash;
    }
}
