package sh.oso.korb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.cli.Korb;
import sh.oso.korb.controller.ControllerConfig;
import sh.oso.korb.controller.Engines;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.workflow.Yaml;

/**
 * What {@code kubectl apply -k} of each of deploy/'s kustomizations installs holds together: the objects, the
 * controller's flags and engine, its RBAC. That the RBAC is what the controller asks of the API on each engine,
 * no less and no more, is ControllerRbacTest's.
 */
class DeployManifestsTest {

    private static final ControllerConfig DEFAULTS = new ControllerConfig(
            Set.of(),
            ControllerConfig.DEFAULT_IMAGE,
            ControllerConfig.DEFAULT_EXECUTOR_ACCOUNT,
            Duration.ofSeconds(5),
            8080);

    static List<String> installations() {
        return Installation.directories();
    }

    @ParameterizedTest
    @MethodSource("installations")
    void eachInstallsTheCrdTheNamespaceTheControllerAndItsRbac(String directory) {
        Installation installation = Installation.of(directory);

        assertThat(installation.objects())
                .extracting(object -> object.path("kind").asText())
                .containsOnly(
                        "Namespace",
                        "CustomResourceDefinition",
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Deployment");
        assertThat(List.<JsonNode>copyOf(installation.ofKind("CustomResourceDefinition")))
                .containsExactlyInAnyOrder(
                        Yaml.read(Installation.DEPLOY.resolve("crds/kafkaoffsetrollbacks.kafka.oso.sh-v1.yml")),
                        Yaml.read(Installation.DEPLOY.resolve("crds/kafkaoffsetresets.kafka.oso.sh-v1.yml")));
        assertThat(installation.ofKind("Namespace"))
                .singleElement()
                .satisfies(namespace ->
                        assertThat(namespace.at("/metadata/name").asText()).isEqualTo(Installation.NAMESPACE));
        assertThat(installation.ofKind("ServiceAccount")).singleElement().satisfies(account -> {
            assertThat(account.at("/metadata/name").asText()).isEqualTo(Installation.SERVICE_ACCOUNT);
            assertThat(account.at("/metadata/namespace").asText()).isEqualTo(Installation.NAMESPACE);
        });
        JsonNode deployment = installation.ofKind("Deployment").get(0);
        assertThat(deployment.at("/metadata/namespace").asText()).isEqualTo(Installation.NAMESPACE);
        assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
                .isEqualTo(Installation.SERVICE_ACCOUNT);
    }

    @ParameterizedTest
    @MethodSource("installations")
    void everyBindingBindsAClusterRoleThereIsToTheControllersServiceAccount(String directory) {
        Installation installation = Installation.of(directory);
        Set<String> roles = installation.ofKind("ClusterRole").stream()
                .map(role -> role.at("/metadata/name").asText())
                .collect(Collectors.toSet());

        assertThat(installation.ofKind("ClusterRoleBinding")).isNotEmpty().allSatisfy(binding -> {
            assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
            assertThat(binding.at("/roleRef/apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
            assertThat(roles).contains(binding.at("/roleRef/name").asText());
            assertThat(binding.path("subjects")).singleElement().satisfies(subject -> {
                assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
                assertThat(subject.path("name").asText()).isEqualTo(Installation.SERVICE_ACCOUNT);
                assertThat(subject.path("namespace").asText()).isEqualTo(Installation.NAMESPACE);
            });
        });
        assertThat(installation.rolesOfTheController())
                .as("no ClusterRole left unbound")
                .hasSameSizeAs(installation.ofKind("ClusterRole"));
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void eachOverlayRunsTheControllerOnItsEngineAlone(EngineKind engine) {
        Installation overlay = Installation.overlay(engine);

        assertThat(overlay.args()).containsExactly("controller", "--engine=" + engine.value());
        ControllerConfig config = overlay.controllerConfig(DEFAULTS);
        assertThat(config.engine()).isEqualTo(engine);
        assertThat(config.engines()).containsExactly(engine);
        assertThat(overlay.rolesOfTheController())
                .extracting(role -> role.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("korb-controller", "korb-controller-" + engine.value());
    }

    @Test
    void deployItselfIsTheTektonOverlay() {
        assertThat(MiniKustomizeTest.byId(Installation.of("").objects()))
                .isEqualTo(MiniKustomizeTest.byId(
                        Installation.overlay(EngineKind.TEKTON).objects()));
    }

    @Test
    void theJobAndArgoExampleRunsJobsAndArgoOnAnnotation() {
        Installation example = Installation.of("examples/job-and-argo");

        assertThat(example.args()).containsExactly("controller", "--engine=job", "--engines=argo");
        ControllerConfig config = example.controllerConfig(DEFAULTS);
        assertThat(config.engine()).isEqualTo(EngineKind.JOB);
        assertThat(config.engines()).containsExactlyInAnyOrder(EngineKind.JOB, EngineKind.ARGO);
        Set<Permission> both =
                new HashSet<>(Installation.overlay(EngineKind.JOB).controllerPermissions());
        both.addAll(Installation.overlay(EngineKind.ARGO).controllerPermissions());
        assertThat(example.controllerPermissions())
                .as("what each engine's overlay grants (ControllerRbacTest: what it asks for), together")
                .containsExactlyInAnyOrderElementsOf(both);
    }

    /**
     * Each engine's grants are in its own ClusterRole, and an installation has only those of the engines it runs:
     * none of the API group of another engine's runs.
     */
    @ParameterizedTest
    @MethodSource("installations")
    void noInstallationGrantsTheApiOfAnEngineItDoesNotRun(String directory) {
        Installation installation = Installation.of(directory);
        Set<EngineKind> running = installation.controllerConfig(DEFAULTS).engines();
        Set<String> groups = installation.controllerPermissions().stream()
                .map(Permission::group)
                .collect(Collectors.toSet());

        for (EngineKind engine : EngineKind.values()) {
            String group = engine.apiVersion().substring(0, engine.apiVersion().indexOf('/'));
            if (running.contains(engine)) {
                assertThat(groups).as(installation + " runs " + engine).contains(group);
            } else {
                assertThat(groups).as(installation + " does not run " + engine).doesNotContain(group);
            }
        }
        for (JsonNode role : installation.rolesOfTheController()) {
            String name = role.at("/metadata/name").asText();
            EnumSet.complementOf(EnumSet.copyOf(running))
                    .forEach(other -> assertThat(name).isNotEqualTo("korb-controller-" + other.value()));
        }
    }

    @ParameterizedTest
    @MethodSource("installations")
    void theDeploymentRunsTheControllerWithOptionsItHas(String directory) {
        JsonNode container = Installation.of(directory).controllerContainer();
        CommandLine controller =
                Korb.commandLine(Map.of(), null, null, null).getSubcommands().get("controller");
        List<String> variables = controller.getCommandSpec().options().stream()
                .map(option -> "KORB_"
                        + option.longestName()
                                .replaceFirst("^-+", "")
                                .replace('-', '_')
                                .toUpperCase())
                .toList();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            if (name.startsWith("KORB_")) {
                assertThat(variables).as("korb controller reads " + name).contains(name);
            }
        }
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("256Mi");
    }

    /**
     * The executor's pods run as the ServiceAccount executor-rbac.yaml creates, on every engine: the controller
     * names it in each run (the Job's pod template included), from KORB_EXECUTOR_SERVICE_ACCOUNT.
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void theRunsPodsRunAsTheExecutorAccountExecutorRbacCreates(EngineKind engine) {
        JsonNode container = Installation.overlay(engine).controllerContainer();
        String account = null;
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("KORB_EXECUTOR_SERVICE_ACCOUNT")) {
                account = env.path("value").asText();
            }
        }
        List<JsonNode> executorRbac = Yaml.readAll(Installation.DEPLOY.resolve("executor-rbac.yaml"));
        assertThat(executorRbac)
                .filteredOn(document -> document.path("kind").asText().equals("ServiceAccount"))
                .extracting(document -> document.at("/metadata/name").asText())
                .containsExactly(account);

        ControllerConfig config = new ControllerConfig(
                        Set.of(), ControllerConfig.DEFAULT_IMAGE, account, Duration.ofSeconds(5), 8080)
                .on(engine);
        ObjectNode resource = Yaml.copy(ReferenceExamples.complete().get(0).resource());
        resource.with("metadata").put("namespace", "kafka-backup").put("uid", "8d2f6c1e-0000-4000-8000-000000000001");
        KafkaOffsetRollback example = Serialization.unmarshal(resource.toString(), KafkaOffsetRollback.class);
        JsonNode run = Yaml.MAPPER.valueToTree(new Engines(config).render(example));
        assertThat(run.findValuesAsText("serviceAccountName")).isNotEmpty().containsOnly(account);
    }

    /**
     * Argo 3.4 and later: the executor in each pod creates and patches a WorkflowTaskResult to report the step's
     * outputs; without both verbs the Argo templates' output parameters are lost. The grant must reach the
     * ServiceAccount the Argo sample runs as.
     */
    @Test
    void theExecutorServiceAccountMayReportArgoOutputs() {
        List<JsonNode> documents = Yaml.readAll(Installation.DEPLOY.resolve("executor-rbac.yaml"));
        List<String> rolesOfTheExecutor = documents.stream()
                .filter(document -> document.path("kind").asText().equals("RoleBinding"))
                .filter(binding ->
                        binding.path("subjects").findValuesAsText("name").contains("korb-executor"))
                .map(binding -> binding.at("/roleRef/name").asText())
                .toList();
        List<String> verbs = new ArrayList<>();
        for (JsonNode role : documents) {
            if (role.path("kind").asText().equals("Role")
                    && rolesOfTheExecutor.contains(role.at("/metadata/name").asText())) {
                for (JsonNode rule : role.path("rules")) {
                    if (texts(rule.path("apiGroups")).contains("argoproj.io")
                            && texts(rule.path("resources")).contains("workflowtaskresults")) {
                        verbs.addAll(texts(rule.path("verbs")));
                    }
                }
            }
        }

        assertThat(verbs).contains("create", "patch");
        JsonNode sample = Yaml.read(Yaml.PROJECT.resolve("workflow-templates/samples/snapshot-rollback-verify.yaml"));
        assertThat(sample.at("/spec/serviceAccountName").asText()).isEqualTo("korb-executor");
    }

    @ParameterizedTest
    @MethodSource("installations")
    void theControllerMayNotReadSecrets(String directory) {
        Installation installation = Installation.of(directory);

        assertThat(installation.controllerPermissions())
                .isNotEmpty()
                .noneMatch(permission -> permission.resource().startsWith("secrets"));
        assertThat(installation.ofKind("ClusterRole"))
                .allSatisfy(role -> assertThat(role.path("rules").toString()).doesNotContain("secrets"));
    }

    @Test
    void theExecutorMayNotReadSecrets() {
        for (JsonNode document : Yaml.readAll(Installation.DEPLOY.resolve("executor-rbac.yaml"))) {
            document.path("rules")
                    .forEach(rule -> assertThat(Permission.of(rule))
                            .noneMatch(permission -> permission.resource().startsWith("secrets")));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
