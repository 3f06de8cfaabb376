package sh.oso.korb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import sh.oso.korb.cli.Korb;
import sh.oso.korb.workflow.Yaml;

/** What {@code kubectl apply -k deploy/} installs holds together: files, the controller's flags, its RBAC. */
class DeployManifestsTest {

    private static final Path DEPLOY = Yaml.PROJECT.resolve("deploy");

    @Test
    void everyKustomizationResourceExistsAndParses() {
        JsonNode kustomization = Yaml.read(DEPLOY.resolve("kustomization.yaml"));

        List<String> kinds = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path file = DEPLOY.resolve(resource.asText());
            assertThat(file).exists();
            Yaml.readAll(file)
                    .forEach(document -> kinds.add(document.path("kind").asText()));
        }
        assertThat(kinds)
                .contains(
                        "Namespace",
                        "CustomResourceDefinition",
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Deployment");
    }

    @Test
    void theDeploymentRunsTheControllerWithOptionsItHas() {
        JsonNode container = Yaml.read(DEPLOY.resolve("controller.yaml")).at("/spec/template/spec/containers/0");
        CommandLine controller = Korb.commandLine(Map.of(), null, null, null)
                .getSubcommands()
                .get(container.at("/args/0").asText());

        assertThat(controller).as("korb has the subcommand the Deployment runs").isNotNull();
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
     * Argo 3.4 and later: the executor in each pod creates and patches a WorkflowTaskResult to report the step's
     * outputs; without both verbs the Argo templates' output parameters are lost. The grant must reach the
     * ServiceAccount the Argo sample runs as.
     */
    @Test
    void theExecutorServiceAccountMayReportArgoOutputs() {
        List<JsonNode> documents = Yaml.readAll(DEPLOY.resolve("executor-rbac.yaml"));
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

    @Test
    void neitherServiceAccountMayReadSecrets() throws Exception {
        for (String file : List.of("controller-rbac.yaml", "executor-rbac.yaml")) {
            for (JsonNode document : Yaml.readAll(DEPLOY.resolve(file))) {
                assertThat(document.path("rules").findValuesAsText("resources")).doesNotContain("secrets");
                assertThat(document.path("rules").toString())
                        .doesNotContain("secrets")
                        .doesNotContain("\"*\"");
            }
        }
        assertThat(Files.readString(DEPLOY.resolve("controller-rbac.yaml"))).contains("kafkaoffsetrollbacks/status");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
