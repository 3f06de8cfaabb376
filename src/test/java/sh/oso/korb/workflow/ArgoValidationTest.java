package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;

/**
 * {@link ArgoRunner} refuses what Argo refuses, with Argo's message: one case of ours per {@link ArgoRule}, each a
 * shipped file edited the way a mistake would, and every shipped template and sample passes.
 */
class ArgoValidationTest {

    private static final String TEMPLATE = "workflow-templates/kafka-offset.yaml";
    private static final String SAMPLE = "workflow-templates/samples/snapshot-rollback-verify.yaml";
    private static final String PVC_CLUSTER_SAMPLE =
            "workflow-templates/samples/snapshot-rollback-verify-pvc-cluster.yaml";

    @TempDir
    Path work;

    /** One refusal: what is done, and the message Argo would give. */
    private record Case(Runnable action, String message) {}

    private ArgoRunner runner() {
        return ArgoRunner.installed(new Container(new CliRun()), work);
    }

    private static ObjectNode read(String file) {
        return Yaml.copy(Yaml.read(Yaml.PROJECT.resolve(file)));
    }

    /** The shipped WorkflowTemplate with one edit, applied to a runner. */
    private Case template(Consumer<ObjectNode> edit, String message) {
        ObjectNode template = read(TEMPLATE);
        edit.accept(template);
        return new Case(() -> runner().apply(template), message);
    }

    /** The shipped sample Workflow with one edit, validated against the shipped templates. */
    private Case sample(Consumer<ObjectNode> edit, String message) {
        ObjectNode workflow = read(SAMPLE);
        edit.accept(workflow);
        return new Case(() -> runner().validate(workflow), message);
    }

    private static ObjectNode step(ObjectNode workflow) {
        return (ObjectNode) workflow.at("/spec/templates/0/steps/0/0");
    }

    private static ObjectNode templateNamed(ObjectNode resource, String name) {
        for (JsonNode template : resource.at("/spec/templates")) {
            if (template.path("name").asText().equals(name)) {
                return (ObjectNode) template;
            }
        }
        throw new AssertionError("no template " + name);
    }

    private static ObjectNode argument(ObjectNode step, String name) {
        for (JsonNode argument : step.at("/arguments/parameters")) {
            if (argument.path("name").asText().equals(name)) {
                return (ObjectNode) argument;
            }
        }
        throw new AssertionError("no argument " + name);
    }

    private Map<ArgoRule, Case> cases() {
        Map<ArgoRule, Case> cases = new EnumMap<>(ArgoRule.class);
        String step = "templates.main.steps[0].snapshot-rollback-verify ";
        cases.put(
                ArgoRule.ENTRYPOINT_REQUIRED,
                sample(
                        workflow -> ((ObjectNode) workflow.get("spec")).remove("entrypoint"),
                        "spec.entrypoint is required"));
        cases.put(
                ArgoRule.TEMPLATE_NAME_UNDEFINED,
                sample(
                        workflow -> ((ObjectNode) workflow.get("spec")).put("entrypoint", "mian"),
                        "template name 'mian' undefined"));
        cases.put(
                ArgoRule.TEMPLATE_REFERENCE_NOT_FOUND,
                sample(
                        workflow ->
                                ((ObjectNode) step(workflow).get("templateRef")).put("template", "snapshot-rollback"),
                        step + "template reference kafka-offset.snapshot-rollback not found"));
        cases.put(
                ArgoRule.TEMPLATE_NAME_WITH_TEMPLATE_REF,
                sample(
                        workflow -> step(workflow).put("template", "main"),
                        step + "template name cannot be specified with templateRef."));
        cases.put(
                ArgoRule.TEMPLATE_REF_NAME_REQUIRED,
                sample(
                        workflow -> ((ObjectNode) step(workflow).get("templateRef")).remove("name"),
                        step + "resource name is required"));
        cases.put(
                ArgoRule.TEMPLATE_REF_TEMPLATE_REQUIRED,
                sample(
                        workflow -> ((ObjectNode) step(workflow).get("templateRef")).remove("template"),
                        step + "template name is required"));
        String types = "choose one of: container, containerSet, steps, script, resource, dag, suspend, template,"
                + " template ref";
        cases.put(
                ArgoRule.TEMPLATE_TYPE_UNSPECIFIED,
                template(
                        template -> templateNamed(template, "delete").remove("container"),
                        "templates.delete templates.delete template type unspecified. " + types));
        cases.put(
                ArgoRule.TEMPLATE_TYPES_MULTIPLE,
                template(
                        template -> templateNamed(template, "delete").putArray("steps"),
                        "templates.delete templates.delete multiple template types specified. " + types));
        cases.put(
                ArgoRule.NAME_REQUIRED,
                template(
                        template -> ((ObjectNode)
                                        templateNamed(template, "delete").at("/inputs/parameters/0"))
                                .remove("name"),
                        "templates.delete templates.delete.inputs.parameters[0].name is required"));
        cases.put(
                ArgoRule.NAME_INVALID,
                template(
                        template -> ((ObjectNode)
                                        templateNamed(template, "delete").at("/inputs/parameters/0"))
                                .put("name", "image name"),
                        "templates.delete templates.delete.inputs.parameters[0].name: 'image name' is invalid:"
                                + " Parameter/Artifact name must consist of alpha-numeric characters, '_' or '-'"
                                + " e.g. my_param_1, MY-PARAM-1"));
        cases.put(
                ArgoRule.NAME_NOT_UNIQUE,
                template(
                        template -> ((ArrayNode) template.at("/spec/templates"))
                                .add(templateNamed(template, "delete").deepCopy()),
                        // the copy is added after the shipped templates
                        "spec.templates[" + read(TEMPLATE).at("/spec/templates").size()
                                + "].name 'delete' is not unique"));
        cases.put(
                ArgoRule.STEP_NAME_NOT_UNIQUE,
                template(
                        template -> ((ObjectNode) templateNamed(template, "snapshot-rollback-verify")
                                        .at("/steps/2/0"))
                                .put("name", "rollback"),
                        "templates.snapshot-rollback-verify.steps[2].name 'rollback' is not unique"));
        cases.put(
                ArgoRule.INPUT_NOT_SUPPLIED,
                sample(
                        workflow -> ((ArrayNode) step(workflow).at("/arguments/parameters")).remove(0),
                        step + "templates.snapshot-rollback-verify inputs.parameters.bootstrap-servers was not"
                                + " supplied"));
        String arguments = "templates.main.steps[0].snapshot-rollback-verify.arguments.";
        cases.put(
                ArgoRule.ARGUMENT_VALUE_REQUIRED,
                sample(
                        workflow -> argument(step(workflow), "consumer-groups").remove("value"),
                        arguments + "consumer-groups.value or " + arguments + "consumer-groups.valueFrom is"
                                + " required"));
        cases.put(
                ArgoRule.UNRESOLVED_VARIABLE,
                template(
                        template -> argument(
                                        (ObjectNode) templateNamed(template, "snapshot-rollback-verify")
                                                .at("/steps/1/0"),
                                        "snapshot-id")
                                .put("value", "{{steps.snapshot.outputs.parameters.snapshot}}"),
                        "templates.snapshot-rollback-verify.steps failed to resolve"
                                + " {{steps.snapshot.outputs.parameters.snapshot}}"));
        cases.put(
                ArgoRule.RETRY_POLICY_INVALID,
                template(
                        template -> ((ObjectNode)
                                        templateNamed(template, "snapshot").get("retryStrategy"))
                                .put("retryPolicy", "OnExit1"),
                        "templates.snapshot-rollback-verify.steps[0].snapshot OnExit1 is not a valid RetryPolicy"));
        cases.put(
                ArgoRule.OUTPUT_VALUE_MISSING,
                template(
                        template -> ((ObjectNode)
                                        templateNamed(template, "snapshot").at("/outputs/parameters/0"))
                                .remove("valueFrom"),
                        "templates.snapshot-rollback-verify.steps[0].snapshot"
                                + " templates.snapshot.outputs.parameters.snapshot-id does not have valueFrom or value"
                                + " specified"));
        cases.put(
                ArgoRule.OUTPUT_PATH_REQUIRED,
                template(
                        template -> ((ObjectNode)
                                        templateNamed(template, "snapshot").at("/outputs/parameters/0"))
                                .putObject("valueFrom")
                                .put("parameter", "before-change"),
                        "templates.snapshot-rollback-verify.steps[0].snapshot"
                                + " templates.snapshot.outputs.parameters.snapshot-id.path must be specified for"
                                + " Container templates"));
        cases.put(
                ArgoRule.OUTPUT_PARAMETER_REQUIRED,
                template(
                        template -> ((ObjectNode) templateNamed(template, "snapshot-rollback-verify")
                                        .at("/outputs/parameters/0"))
                                .putObject("valueFrom")
                                .put("path", "/tmp/korb-results/snapshot-id"),
                        "templates.snapshot-rollback-verify.outputs.parameters.snapshot-id.parameter or expression"
                                + " must be specified for Steps templates"));
        cases.put(
                ArgoRule.RETRY_LIMIT_NOT_AN_INTEGER,
                retried(strategy -> strategy.put("limit", "two"), "retryStrategy.limit 'two' is not an integer"));
        cases.put(
                ArgoRule.RETRY_EXPRESSION_UNSUPPORTED,
                retried(
                        strategy -> strategy.put("expression", "lastRetry.exitCode in ['1']"),
                        "retryStrategy.expression 'lastRetry.exitCode in ['1']' is beyond what the runner evaluates:"
                                + " cannot read '['1']'"));
        return cases;
    }

    /** A step with the shipped snapshot template's retryStrategy, edited, whose container always exits 1. */
    private Case retried(Consumer<ObjectNode> edit, String message) {
        ObjectNode strategy =
                templateNamed(read(TEMPLATE), "snapshot").get("retryStrategy").deepCopy();
        edit.accept(strategy);
        JsonNode workflow = RetriedWorkflow.of(strategy);
        Container container = new Container(new CliRun()).command("flaky", env -> new Container.Exit(1, "exit 1"));
        return new Case(() -> new ArgoRunner(container, work).run(workflow), message);
    }

    @TestFactory
    Stream<DynamicTest> eachRuleRefusesItsCaseWithArgosMessage() {
        return cases().entrySet().stream()
                .map(entry -> DynamicTest.dynamicTest(entry.getKey().name(), () -> {
                    assertThatThrownBy(() -> entry.getValue().action().run())
                            .isInstanceOf(WorkflowException.class)
                            .hasMessage(entry.getValue().message());
                    assertThat(entry.getKey().matches(entry.getValue().message()))
                            .as("the case's message is the rule's")
                            .isTrue();
                }));
    }

    @Test
    void everyRuleHasACase() {
        assertThat(cases().keySet()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(ArgoRule.class));
    }

    @Test
    void everyShippedTemplateAndSampleIsValid() {
        ArgoRunner runner = runner(); // applying validates each WorkflowTemplate and ClusterWorkflowTemplate
        List<Path> samples = Yaml.files("workflow-templates/samples");

        assertThat(samples).hasSizeGreaterThanOrEqualTo(2);
        for (Path sample : samples) {
            assertThatCode(() -> runner.validate(Yaml.read(sample)))
                    .as(sample.toString())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aClusterWorkflowTemplateIsReachedOnlyWithClusterScope() {
        ObjectNode workflow = read(PVC_CLUSTER_SAMPLE);
        ((ObjectNode) step(workflow).get("templateRef")).remove("clusterScope");
        ArgoRunner onlyCluster = new ArgoRunner(new Container(new CliRun()), work)
                .apply(Yaml.read(Yaml.PROJECT.resolve("workflow-templates/kafka-offset-pvc-cluster.yaml")));

        assertThatCode(() -> onlyCluster.validate(read(PVC_CLUSTER_SAMPLE))).doesNotThrowAnyException();
        assertThatThrownBy(() -> onlyCluster.validate(workflow))
                .hasMessage("templates.main.steps[0].snapshot-rollback-verify template reference"
                        + " kafka-offset-pvc.snapshot-rollback-verify not found");
    }

    @Test
    void aVariableNoInputDeclaresIsRefusedInAContainerTemplate() {
        ObjectNode template = read(TEMPLATE);
        ArrayNode env = (ArrayNode) templateNamed(template, "snapshot").at("/container/env");
        ((ObjectNode) env.get(0)).put("value", "{{inputs.parameters.bootstrap-server}}");

        assertThatThrownBy(() -> runner().apply(template))
                .hasMessage("templates.snapshot-rollback-verify.steps[0].snapshot templates.snapshot: failed to"
                        + " resolve {{inputs.parameters.bootstrap-server}}");
    }
}
