package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.WorkspaceBinding;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.controller.ControllerConfig;
import sh.oso.korb.controller.Engines;
import sh.oso.korb.error.InvalidSpecException;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/** The reference's specs as PipelineRuns: what each field becomes, and that Tekton's schema accepts the result. */
class PipelineRunFactoryTest {

    private static final ControllerConfig CONFIG = new ControllerConfig(
            Set.of(), "registry.example.com/korb:1.2.3", "korb-executor", Duration.ofSeconds(5), -1);
    private final PipelineRunFactory factory = new PipelineRunFactory(CONFIG.executor(), new OperationPipelines());
    private final Engines engines = new Engines(CONFIG);

    private static KafkaOffsetRollback example(String name, Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(ReferenceExamples.complete().stream()
                .filter(each -> each.name().equals(name))
                .findFirst()
                .orElseThrow()
                .resource());
        ObjectNode metadata = resource.with("metadata");
        metadata.put("namespace", "kafka-backup")
                .put("uid", "8d2f6c1e-0000-4000-8000-000000000001")
                .put("generation", 1);
        change.accept(resource);
        return Serialization.unmarshal(resource.toString(), KafkaOffsetRollback.class);
    }

    private static Map<String, Object> params(PipelineRun run) {
        return run.getSpec().getParams().stream()
                .collect(Collectors.toMap(
                        Param::getName,
                        param -> param.getValue().getArrayVal() != null
                                ? param.getValue().getArrayVal()
                                : param.getValue().getStringVal()));
    }

    @Test
    void theFullSpecificationMapsEveryField() {
        PipelineRun run = factory.create(example("offset-rollback", resource -> {}));

        assertThat(run.getMetadata().getName()).isEqualTo("offset-rollback-g1");
        assertThat(params(run))
                .containsEntry("bootstrap-servers", "kafka-0.kafka.svc:9092,kafka-1.kafka.svc:9092")
                .containsEntry("consumer-groups", java.util.List.of("order-processor", "payment-handler"))
                .containsEntry("snapshot-id", "pre-migration-snapshot")
                .containsEntry("security-protocol", "SASL_SSL")
                .containsEntry("sasl-mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl-username-key", "username")
                .containsEntry("tls-ca-key", "ca.crt")
                .containsEntry("storage-type", "s3")
                .containsEntry("s3-bucket", "kafka-offset-snapshots")
                .containsEntry("s3-region", "us-west-2")
                .containsEntry("s3-prefix", "snapshots")
                .containsEntry("image", "registry.example.com/korb:1.2.3")
                .doesNotContainKey("strict");
        assertThat(run.getSpec().getWorkspaces())
                .extracting(
                        WorkspaceBinding::getName,
                        binding -> binding.getSecret().getSecretName())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("kafka-tls", "kafka-tls"),
                        org.assertj.core.groups.Tuple.tuple("kafka-sasl", "kafka-credentials"));
        assertThat(run.getSpec().getPipelineSpec().getTasks().get(0).getRetries())
                .isEqualTo(3);
        assertThat(run.getSpec().getTimeouts().getPipeline().getDuration()).isEqualTo(Duration.ofSeconds(600));
        assertThat(run.getSpec().getTaskRunSpecs()).singleElement().satisfies(spec -> {
            assertThat(spec.getPipelineTaskName()).isEqualTo("snapshot");
            assertThat(spec.getComputeResources().getLimits().get("memory").toString())
                    .isEqualTo("256Mi");
        });
    }

    @Test
    void aPatternIsTheGroupPatternParamAndTheGroupsKeepThePipelinesDefault() {
        PipelineRun run = factory.create(example("do-rollback", resource -> {
            resource.with("spec").remove("consumerGroups");
            resource.with("spec").put("consumerGroupPattern", "order-.*");
        }));

        assertThat(params(run)).containsEntry("group-pattern", "order-.*").doesNotContainKey("consumer-groups");
        assertThat(run.getSpec().getPipelineSpec().getParams())
                .filteredOn(param -> param.getName().equals("consumer-groups"))
                .singleElement()
                .satisfies(param -> assertThat(param.getDefault().getArrayVal()).isEmpty());
        assertThat(Schemas.errors(Schemas.tekton("300-pipelinerun.yaml"), Yaml.parse(Serialization.asYaml(run))))
                .isEmpty();
    }

    @Test
    void aPatternBesideGroupsOrNoRegularExpressionIsAnInvalidSpecInOneLine() {
        assertThatThrownBy(() -> engines.render(
                        example("do-rollback", resource -> resource.with("spec").put("consumerGroupPattern", ".*"))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec.consumerGroups and spec.consumerGroupPattern are mutually exclusive: remove one of"
                        + " them");
        assertThatThrownBy(() -> engines.render(example("do-rollback", resource -> {
                    resource.with("spec").remove("consumerGroups");
                    resource.with("spec").put("consumerGroupPattern", "orders-(eu");
                })))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec.consumerGroupPattern is not a Java regular expression: Unclosed group near index 10:"
                        + " fix the expression");
        assertThatThrownBy(() -> engines.render(example("do-rollback", resource -> {
                    resource.with("spec").remove("consumerGroups");
                    resource.with("spec").put("consumerGroupPattern", "");
                })))
                .hasMessageStartingWith("spec.consumerGroupPattern is empty");
        assertThatThrownBy(() -> engines.render(
                        example("do-rollback", resource -> resource.with("spec").remove("consumerGroups"))))
                .hasMessage("spec.consumerGroups is required for operation rollback: list the consumer group ids, or"
                        + " set spec.consumerGroupPattern ('.*' for every group)");
    }

    @Test
    void everyReferenceExampleBecomesAPipelineRunTektonAccepts() {
        for (ReferenceExamples.Example example : ReferenceExamples.complete()) {
            PipelineRun run = factory.create(example(example.name(), resource -> {}));
            JsonNode json = Yaml.parse(Serialization.asYaml(run));

            assertThat(Schemas.errors(Schemas.tekton("300-pipelinerun.yaml"), json))
                    .as(example.toString())
                    .isEmpty();
        }
    }

    @Test
    void aPvcStoreBecomesTheSnapshotsWorkspaceAndCloudCredentialsASecret() {
        PipelineRun pvc = factory.create(example(
                "create-snapshot",
                resource -> resource.with("spec")
                        .putObject("storage")
                        .put("storageType", "pvc")
                        .putObject("pvc")
                        .put("claimName", "offset-snapshots")));
        PipelineRun gcs = factory.create(example(
                "create-snapshot",
                resource -> resource.with("spec")
                        .putObject("storage")
                        .put("storageType", "gcs")
                        .putObject("gcs")
                        .put("bucket", "snaps")
                        .putObject("credentialsSecret")
                        .put("name", "gcs-key")));

        assertThat(pvc.getSpec().getWorkspaces()).singleElement().satisfies(binding -> {
            assertThat(binding.getName()).isEqualTo("snapshots");
            assertThat(binding.getPersistentVolumeClaim().getClaimName()).isEqualTo("offset-snapshots");
        });
        assertThat(params(pvc)).containsEntry("storage-type", "pvc");
        assertThat(gcs.getSpec().getWorkspaces())
                .singleElement()
                .satisfies(binding ->
                        assertThat(binding.getSecret().getSecretName()).isEqualTo("gcs-key"));
        assertThat(params(gcs)).containsEntry("gcs-bucket", "snaps");
    }

    @Test
    void theSpecValidatorNamesTheField() {
        assertThatThrownBy(() -> engines.render(example(
                        "do-rollback",
                        resource -> resource.with("spec")
                                .with("kafkaCluster")
                                .putArray("bootstrapServers")
                                .add("kafka"))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec.kafkaCluster.bootstrapServers[0] 'kafka' is not host:port (e.g. kafka:9092)");
        assertThatThrownBy(() -> engines.render(example(
                        "do-rollback",
                        resource -> resource.with("spec").with("kafkaCluster").put("securityProtocol", "SASL_SSL"))))
                .hasMessageStartingWith("spec.kafkaCluster.saslSecret is required with securityProtocol SASL_SSL");
        assertThatThrownBy(() -> engines.render(example(
                        "do-rollback",
                        resource -> resource.with("spec").with("storage").put("storageType", "s3"))))
                .hasMessage("spec.storage.s3 is required with storageType s3");
        assertThatThrownBy(() -> engines.render(
                        example("do-rollback", resource -> resource.with("spec").put("snapshotId", "../x"))))
                .hasMessageStartingWith("spec.snapshotId: snapshot id '../x' is invalid");
        assertThatThrownBy(() -> engines.render(example(
                        "offset-rollback",
                        resource -> resource.with("spec")
                                .with("resources")
                                .with("requests")
                                .put("memory", "512Mi"))))
                .as("the API server would refuse the Job, the Workflow's pod, the TaskRun's pod")
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec.resources.requests.memory 512Mi is above spec.resources.limits.memory 256Mi: lower"
                        + " the request or raise the limit");
        assertThatThrownBy(() -> engines.render(example(
                        "offset-rollback",
                        resource -> resource.with("spec")
                                .with("resources")
                                .with("limits")
                                .put("cpu", "-1"))))
                .hasMessage("spec.resources.limits.cpu -1 is negative: give a quantity of 0 or more");
        assertThat(engines.render(example(
                        "offset-rollback",
                        resource -> resource.with("spec")
                                .with("resources")
                                .with("requests")
                                .put("memory", "0.25Gi"))))
                .as("256Mi written another way is not above the limit")
                .isNotNull();
    }
}
