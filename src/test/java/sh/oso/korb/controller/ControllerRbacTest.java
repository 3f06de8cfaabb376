package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.api.ResetReferenceExamples;
import sh.oso.korb.deploy.ApiRequests;
import sh.oso.korb.deploy.Installation;
import sh.oso.korb.deploy.Permission;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.MovedGroup;
import sh.oso.korb.workflow.Yaml;

/**
 * The controller's RBAC in each of deploy/overlays is what the controller asks of the API on that engine: the
 * controller, configured by the overlay's args as {@code korb controller} parses them, takes a resource through its
 * whole life (its run created, watched and read, deleted after job.ttlSecondsAfterFinished, the resource deleted)
 * on a client that notes each request's verb and resource; every one must be granted, and everything granted
 * must have been asked for, but for the two grants no request shows.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerRbacTest {

    /**
     * Granted, and asked for by no request of this life: JOSDK reads the resource again only when its finalizer
     * patch conflicts; the API server asks for the owner's finalizers of who creates a run that names the resource
     * as owner with blockOwnerDeletion (an admission check, not a request).
     */
    private static final Set<Permission> NOT_REQUESTED = Set.of(
            new Permission("kafka.oso.sh", "kafkaoffsetrollbacks", "get"),
            new Permission("kafka.oso.sh", "kafkaoffsetrollbacks/finalizers", "update"),
            new Permission("kafka.oso.sh", "kafkaoffsetresets", "get"),
            new Permission("kafka.oso.sh", "kafkaoffsetresets/finalizers", "update"));

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private ControllerHarness harness;
    private KubernetesClient controllerClient;

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
        if (controllerClient != null) {
            controllerClient.close();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void theControllerAsksTheApiForWhatItsOverlayGrantsNoMoreNoLess(EngineKind engine) throws Exception {
        Installation overlay = Installation.overlay(engine);
        ApiRequests requests = new ApiRequests();
        controllerClient = requests.client(kubernetes.getConfiguration());
        harness = new ControllerHarness(
                kubernetes, controllerClient, work, overlay.controllerConfig(ControllerHarness.CONFIG));
        harness.engine.start();
        MovedGroup group = MovedGroup.committed(
                kafka, "rbac-" + engine, "rbac-" + engine + "-reader", 10, new long[] {3, 4}, new long[] {5, 6});

        KafkaOffsetRollback snapshot = harness.fromReference(
                ReferenceExamples.workflow().get(0), kafka.bootstrapServers(), List.of(group.group()), resource -> {
                    resource.with("metadata").put("name", "snapshot");
                    resource.with("spec").with("job").put("ttlSecondsAfterFinished", 3);
                });
        harness.apply(snapshot);
        assertThat(harness.awaitFinished("snapshot").getStatus().getPhase()).isEqualTo(Phase.Completed);
        // The engine's own TTL (Argo's, Kubernetes') stopped, so that the controller's deletion is the one seen.
        harness.engine.close();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.runs("snapshot").isEmpty());
        kubernetes.resource(harness.get("snapshot")).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.get("snapshot") == null);
        // A KafkaOffsetReset's life, on every engine: refused at once (headerBased), so it needs no run.
        ObjectNode resetJson = Yaml.copy(ResetReferenceExamples.named("post-restore-reset"));
        resetJson.with("metadata").put("namespace", harness.namespace);
        KafkaOffsetReset reset = kubernetes
                .resource(Serialization.unmarshal(resetJson.toString(), KafkaOffsetReset.class))
                .create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            KafkaOffsetReset current = kubernetes.resource(reset).get();
            return current.getStatus() != null && current.getStatus().getPhase() == Phase.Failed;
        });
        kubernetes.resource(reset).delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kubernetes.resource(reset).get() == null);
        harness.close(); // the controller stopped: every request it made is in
        harness = null;

        Set<Permission> granted = overlay.controllerPermissions();
        assertThat(requests.permissions()).as("asked for, and granted").isSubsetOf(granted);
        Set<Permission> unused = new HashSet<>(granted);
        unused.removeAll(requests.permissions());
        assertThat(unused).as("granted, and not asked for").containsExactlyInAnyOrderElementsOf(NOT_REQUESTED);
        assertThat(requests.otherPaths())
                .as("no other path than discovery, which Kubernetes' system:discovery ClusterRole allows everyone")
                .allMatch(path -> path.matches("GET /(version|apis?|api/v1|apis/[^/]+(/[^/]+)?)"));
    }
}
