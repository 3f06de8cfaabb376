package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated Argo templates ({@link ArgoTemplateVariants}) are what their base makes of them. Run with
 * {@code -Dkorb.docs.write=true} to rewrite them after changing {@code workflow-templates/kafka-offset.yaml}.
 */
class ArgoTemplateVariantsTest {

    private static final Schema CLUSTER_WORKFLOW_TEMPLATE =
            Schemas.argo("io.argoproj.workflow.v1alpha1.ClusterWorkflowTemplate");

    @Test
    void theGeneratedTemplatesAreTheBaseTransformed() throws Exception {
        for (Map.Entry<String, JsonNode> file : ArgoTemplateVariants.generated().entrySet()) {
            Path path = Yaml.PROJECT.resolve(file.getKey());
            if (Boolean.getBoolean("korb.docs.write")) {
                Files.writeString(path, ArgoTemplateVariants.text(file.getValue()), StandardCharsets.UTF_8);
            }
            assertThat(path).exists();
            assertThat(Yaml.read(path))
                    .as(file.getKey() + " is generated: run ./mvnw -o -q test -Dtest=ArgoTemplateVariantsTest"
                            + " -Dkorb.docs.write=true")
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void theClusterWorkflowTemplatesMatchArgosSchema() {
        for (String file : ArgoTemplateVariants.generated().keySet()) {
            JsonNode resource = Yaml.read(Yaml.PROJECT.resolve(file));
            if (resource.path("kind").asText().equals("ClusterWorkflowTemplate")) {
                assertThat(Schemas.errors(CLUSTER_WORKFLOW_TEMPLATE, resource))
                        .as(file)
                        .isEmpty();
            }
        }
    }

    @Test
    void aTemplateRefToItselfInAClusterWorkflowTemplateIsClusterScoped() {
        JsonNode selfReferencing = Yaml.parse("""
                kind: WorkflowTemplate
                metadata: {name: own}
                spec:
                  templates:
                    - name: outer
                      steps:
                        - - name: inner
                            templateRef: {name: own, template: inner}
                          - name: elsewhere
                            templateRef: {name: other, template: x}
                """);

        JsonNode cluster = ArgoTemplateVariants.clusterScoped(selfReferencing);

        assertThat(cluster.path("kind").asText()).isEqualTo("ClusterWorkflowTemplate");
        assertThat(cluster.at("/spec/templates/0/steps/0/0/templateRef/clusterScope")
                        .asBoolean())
                .isTrue();
        assertThat(cluster.at("/spec/templates/0/steps/0/1/templateRef").has("clusterScope"))
                .isFalse();
    }
}
