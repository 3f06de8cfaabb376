package sh.oso.korb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.api.CelRuleChecks.Variant;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * The CRD's {@code x-kubernetes-validations} rules, compiled against the schema's types and run with Google's CEL
 * for Java as the API server runs them: every example of the reference and of docs/ is accepted; for each rule, a
 * variant of an example that the schema accepts is refused by that rule alone, with its message; and each rule's
 * estimated cost is within the API server's limits, which the spec's maxItems and maxLength keep it within.
 */
class CelRulesTest {

    private static final JsonNode VERSION_SCHEMA =
            Yaml.read(CustomResourceDefinitionTest.CRD).at("/spec/versions/0/schema/openAPIV3Schema");
    private static final CrdRules RULES = new CrdRules(VERSION_SCHEMA);
    private static final Schema SCHEMA = Schemas.crd(CustomResourceDefinitionTest.CRD, KafkaOffsetRollback.VERSION);

    /** For each rule's message, the variant that breaks it. */
    private static final Map<String, Variant> BROKEN = new LinkedHashMap<>();

    static {
        BROKEN.put(
                "consumerGroups or consumerGroupPattern is required unless operation is delete",
                created("do-rollback", spec -> spec.remove("consumerGroups")));
        BROKEN.put(
                "consumerGroups and consumerGroupPattern are mutually exclusive: give one of them",
                created("do-rollback", spec -> spec.put("consumerGroupPattern", "order-.*")));
        BROKEN.put(
                "kafkaCluster is required unless operation is delete",
                created("verify-offsets", spec -> spec.remove("kafkaCluster")));
        BROKEN.put(
                "spec is immutable: a KafkaOffsetRollback is one run; create a new resource to run again",
                new Variant(
                        changed("create-snapshot", spec -> spec.put("snapshotId", "another-snapshot")),
                        Optional.of(ReferenceExamples.named("create-snapshot"))));
        BROKEN.put(
                "storage.s3 is required with storageType s3",
                created("offset-rollback", spec -> spec.with("storage").remove("s3")));
        for (String store : List.of("azure", "gcs", "pvc")) {
            BROKEN.put(
                    "storage." + store + " is required with storageType " + store,
                    created("create-snapshot", spec -> spec.putObject("storage").put("storageType", store)));
        }
    }

    static Stream<ReferenceExamples.Example> examples() {
        return Stream.concat(
                ReferenceExamples.complete().stream(), ReferenceExamples.in(ResourceReferenceTest.PAGE).stream());
    }

    static Stream<CrdRules.Rule> rules() {
        return RULES.all().stream();
    }

    @Test
    void everyRuleOfTheCrdCompilesAndHasABrokenVariant() {
        CelRuleChecks.assertEveryRuleHasABrokenVariant(RULES, BROKEN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsAcceptedWhenCreatedAndWhenAppliedAgainUnchanged(ReferenceExamples.Example example) {
        CelRuleChecks.assertAcceptedWhenCreatedAndWhenAppliedAgainUnchanged(RULES, example.resource());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleRefusesAVariantTheSchemaAcceptsWithItsMessage(CrdRules.Rule rule) {
        CelRuleChecks.assertOnlyTheRuleRefuses(RULES, SCHEMA, rule, BROKEN.get(rule.message()));
    }

    @Test
    void anEmptyGroupListIsRefusedAndADeleteNeedsNeitherGroupsNorACluster() {
        Variant empty = created("do-rollback", spec -> spec.putArray("consumerGroups"));
        assertThat(RULES.refusals(empty.resource(), empty.old()))
                .containsExactly("consumerGroups or consumerGroupPattern is required unless operation is delete");

        Variant bareDelete = created("delete-snapshot", spec -> {
            spec.remove("consumerGroups");
            spec.remove("kafkaCluster");
        });
        assertThat(RULES.refusals(bareDelete.resource(), bareDelete.old())).isEmpty();
    }

    @Test
    void aPatternAloneSelectsTheGroupsAndAnEmptyPatternIsRefusedByTheSchema() {
        Variant pattern = created("do-rollback", spec -> {
            spec.remove("consumerGroups");
            spec.put("consumerGroupPattern", ".*");
        });
        assertThat(RULES.refusals(pattern.resource(), pattern.old())).isEmpty();
        assertThat(Schemas.errors(SCHEMA, pattern.resource())).isEmpty();

        Variant empty = created("do-rollback", spec -> {
            spec.remove("consumerGroups");
            spec.put("consumerGroupPattern", "");
        });
        assertThat(Schemas.errors(SCHEMA, empty.resource())).isNotEmpty();
        Variant tooLong = created("do-rollback", spec -> {
            spec.remove("consumerGroups");
            spec.put("consumerGroupPattern", "g".repeat(SpecLimits.GROUP_PATTERN_LENGTH + 1));
        });
        assertThat(Schemas.errors(SCHEMA, tooLong.resource())).isNotEmpty();

        Variant both = created("do-rollback", spec -> spec.put("consumerGroupPattern", ".*"));
        assertThat(RULES.refusals(both.resource(), both.old()))
                .containsExactly("consumerGroups and consumerGroupPattern are mutually exclusive: give one of them");
    }

    @Test
    void eachRulesEstimatedCostIsWithinTheApiServersLimits() {
        CelRuleChecks.assertCostsWithinTheApiServersLimits(RULES);
    }

    @Test
    void theLimitsKeepARuleThatWalksTheGroupsWithinTheBudget() {
        // e.g. a rule that a group id holds no comma; unbounded, the estimate is for 3 MiB of one-character groups
        String walk = "self.consumerGroups.all(group, !group.contains(','))";
        JsonNode spec = VERSION_SCHEMA.at("/properties/spec");

        long bounded = RuleCost.of(CrdRules.compile(spec, "/spec", 1, walk, "walk"));
        long unbounded = RuleCost.of(CrdRules.compile(withoutLimits(spec), "/spec", 1, walk, "walk"));

        assertThat(bounded).isLessThanOrEqualTo(CelRuleChecks.STATIC_ESTIMATED_COST_LIMIT);
        assertThat(unbounded).isGreaterThan(CelRuleChecks.STATIC_ESTIMATED_COST_LIMIT);
    }

    @Test
    void everyListAndStringOfKorbsOwnInTheSpecIsBounded() {
        CelRuleChecks.assertSpecBounded(VERSION_SCHEMA);
    }

    private static JsonNode withoutLimits(JsonNode schema) {
        ObjectNode copy = Yaml.copy(schema);
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            object.remove(List.of("maxItems", "maxLength"));
            object.forEach(CelRulesTest::strip);
        }
    }

    private static Variant created(String example, Consumer<ObjectNode> change) {
        return Variant.created(ReferenceExamples.named(example), change);
    }

    private static JsonNode changed(String example, Consumer<ObjectNode> change) {
        return Variant.changed(ReferenceExamples.named(example), change);
    }
}
