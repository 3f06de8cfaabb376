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
 * The KafkaOffsetReset CRD's {@code x-kubernetes-validations} rules, run as CelRulesTest runs the rollback's: every
 * complete example of the reference is accepted when created and when applied again; each rule refuses a variant
 * the schema accepts, alone and with its message (a strategy without its field, two spellings of one time, a
 * changed spec, a store without its section); each rule's estimated cost is within the API server's limits.
 */
class ResetCelRulesTest {

    private static final JsonNode VERSION_SCHEMA =
            Yaml.read(ResetCustomResourceDefinitionTest.CRD).at("/spec/versions/0/schema/openAPIV3Schema");
    private static final CrdRules RULES = new CrdRules(VERSION_SCHEMA);
    private static final Schema SCHEMA =
            Schemas.crd(ResetCustomResourceDefinitionTest.CRD, KafkaOffsetRollback.VERSION);

    private static final Map<String, Variant> BROKEN = new LinkedHashMap<>();

    static {
        BROKEN.put(
                "timestamp or timestampMillis is required with strategy timestamp",
                created("reset-to-timestamp", spec -> spec.remove("timestamp")));
        BROKEN.put(
                "timestamp and timestampMillis are two spellings of one time: set one",
                created("dry-run-reset", spec -> spec.put("timestampMillis", 1701432000000L)));
        BROKEN.put(
                "offset is required with strategy offset",
                created("reset-to-earliest", spec -> spec.put("strategy", "offset")));
        BROKEN.put(
                "mappingConfigMap is required with strategy fromMapping",
                created("reset-from-mapping", spec -> spec.remove("mappingConfigMap")));
        for (String strategy : List.of("shiftBy", "duration", "fromGroup")) {
            BROKEN.put(
                    strategy + " is required with strategy " + strategy,
                    created("reset-to-earliest", spec -> spec.put("strategy", strategy)));
        }
        BROKEN.put(
                "partitions are those of one topic: list exactly that topic in topics",
                created("bulk-reset", spec -> spec.putArray("partitions").add(0).add(1)));
        BROKEN.put(
                "spec is immutable: a KafkaOffsetReset is one run; create a new resource to run again",
                new Variant(
                        changed("reset-to-earliest", spec -> spec.put("strategy", "latest")),
                        Optional.of(ResetReferenceExamples.named("reset-to-earliest"))));
        for (String store : List.of("s3", "azure", "gcs", "pvc")) {
            BROKEN.put(
                    "storage." + store + " is required with storageType " + store,
                    created(
                            "reset-to-earliest",
                            spec -> spec.putObject("storage").put("storageType", store)));
        }
    }

    static Stream<ReferenceExamples.Example> examples() {
        return ResetReferenceExamples.complete().stream();
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
    void eachStrategyWithItsFieldIsAccepted() {
        Map<String, Consumer<ObjectNode>> strategies = Map.of(
                "timestamp", spec -> spec.put("timestampMillis", 1701432000000L),
                "offset", spec -> spec.put("offset", 1000),
                "shiftBy", spec -> spec.put("shiftBy", -100),
                "duration", spec -> spec.put("duration", "PT1H"),
                "fromGroup", spec -> spec.put("fromGroup", "other-group"),
                "fromMapping",
                        spec -> spec.putObject("mappingConfigMap")
                                .put("name", "offset-mapping")
                                .put("key", "mapping.json"));
        strategies.forEach((strategy, field) -> {
            Variant variant = created("reset-to-earliest", spec -> {
                spec.put("strategy", strategy);
                field.accept(spec);
            });
            assertThat(Schemas.errors(SCHEMA, variant.resource())).as(strategy).isEmpty();
            assertThat(RULES.refusals(variant.resource(), variant.old()))
                    .as(strategy)
                    .isEmpty();
        });
    }

    @Test
    void partitionsNarrowOneTopicAndOnlyOne() {
        Variant oneTopic = created("reset-to-earliest", spec -> {
            spec.putArray("topics").add("orders");
            spec.putArray("partitions").add(0).add(2);
        });
        assertThat(Schemas.errors(SCHEMA, oneTopic.resource())).isEmpty();
        assertThat(RULES.refusals(oneTopic.resource(), oneTopic.old())).isEmpty();

        Variant twoTopics =
                created("offset-reset", spec -> spec.putArray("partitions").add(0));
        assertThat(RULES.refusals(twoTopics.resource(), twoTopics.old()))
                .containsExactly("partitions are those of one topic: list exactly that topic in topics");
    }

    @Test
    void eachRulesEstimatedCostIsWithinTheApiServersLimits() {
        CelRuleChecks.assertCostsWithinTheApiServersLimits(RULES);
    }

    @Test
    void everyListAndStringOfKorbsOwnInTheSpecIsBounded() {
        CelRuleChecks.assertSpecBounded(VERSION_SCHEMA);
    }

    private static Variant created(String example, Consumer<ObjectNode> change) {
        return Variant.created(ResetReferenceExamples.named(example), change);
    }

    private static JsonNode changed(String example, Consumer<ObjectNode> change) {
        return Variant.changed(ResetReferenceExamples.named(example), change);
    }
}
