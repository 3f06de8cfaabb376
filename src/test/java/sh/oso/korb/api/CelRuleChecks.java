package sh.oso.korb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * What {@link CelRulesTest} and {@link ResetCelRulesTest} check alike of their CRD's {@code x-kubernetes-validations}
 * rules: each rule has a variant it alone refuses, the examples pass, the costs are within the API server's limits
 * and the spec's lists and strings are bounded (which keeps the costs so).
 */
final class CelRuleChecks {

    // The API server's limits on rule cost: apiextensions-apiserver's CRD validation and apiserver's CEL config.
    /** One rule's estimate times how many objects it applies to: over it, the CRD is refused. */
    static final long STATIC_ESTIMATED_COST_LIMIT = 10_000_000;
    /** The estimates of all the CRD's rules: over it, the CRD is refused. */
    static final long STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000;
    /** One evaluation: over it, the resource is refused. */
    static final long PER_CALL_LIMIT = 1_000_000;
    /** All evaluations for one resource: over it, the resource is refused. */
    static final long RUNTIME_CEL_COST_BUDGET = 10_000_000;

    private CelRuleChecks() {}

    /** A resource (and the stored one it replaces, for an update) that breaks one rule. */
    record Variant(JsonNode resource, Optional<JsonNode> old) {

        /** A new resource: the example with this change to its spec. */
        static Variant created(JsonNode example, Consumer<ObjectNode> change) {
            return new Variant(changed(example, change), Optional.empty());
        }

        /** A copy of the example with this change to its spec. */
        static JsonNode changed(JsonNode example, Consumer<ObjectNode> change) {
            ObjectNode resource = Yaml.copy(example);
            change.accept(resource.with("spec"));
            return resource;
        }
    }

    /** Every rule compiles and has a broken variant (by its message); the one transition rule is immutability. */
    static void assertEveryRuleHasABrokenVariant(CrdRules rules, Map<String, Variant> broken) {
        assertThat(rules.all()).extracting(CrdRules.Rule::message).containsExactlyInAnyOrderElementsOf(broken.keySet());
        assertThat(rules.all())
                .filteredOn(CrdRules.Rule::isTransition)
                .extracting(CrdRules.Rule::expression)
                .containsExactly("self == oldSelf");
    }

    static void assertAcceptedWhenCreatedAndWhenAppliedAgainUnchanged(CrdRules rules, JsonNode resource) {
        assertThat(rules.refusals(resource, Optional.empty())).isEmpty();
        assertThat(rules.refusals(resource, Optional.of(resource))).isEmpty();
    }

    /** The schema accepts the variant and the rule alone refuses it, with its message. */
    static void assertOnlyTheRuleRefuses(CrdRules rules, Schema schema, CrdRules.Rule rule, Variant variant) {
        assertThat(Schemas.errors(schema, variant.resource()))
                .as("only the rule refuses it")
                .isEmpty();
        assertThat(rules.refusals(variant.resource(), variant.old())).containsExactly(rule.message());
    }

    static void assertCostsWithinTheApiServersLimits(CrdRules rules) {
        long total = 0;
        List<String> estimates = new ArrayList<>();
        for (CrdRules.Rule rule : rules.all()) {
            long cost = RuleCost.of(rule);
            estimates.add(rule + " costs " + cost + " x " + rule.cardinality());
            assertThat(cost).as(rule.toString()).isLessThanOrEqualTo(PER_CALL_LIMIT);
            assertThat(cost * rule.cardinality()).as(rule.toString()).isLessThanOrEqualTo(STATIC_ESTIMATED_COST_LIMIT);
            total += cost * rule.cardinality();
        }
        assertThat(total)
                .as(String.join("\n", estimates))
                .isLessThanOrEqualTo(RUNTIME_CEL_COST_BUDGET)
                .isLessThanOrEqualTo(STATIC_ESTIMATED_CRD_COST_LIMIT);
    }

    /** Every list of the version schema's spec has maxItems and every free string maxLength. */
    static void assertSpecBounded(JsonNode versionSchema) {
        List<String> unbounded = new ArrayList<>();
        unboundedBelow(versionSchema.at("/properties/spec"), "spec", unbounded);

        assertThat(unbounded)
                .as("lists without maxItems and strings without maxLength")
                .isEmpty();
    }

    /** Lists without maxItems and free strings without maxLength; Kubernetes' own ResourceRequirements excepted. */
    private static void unboundedBelow(JsonNode schema, String path, List<String> unbounded) {
        if (path.equals("spec.resources")) {
            return;
        }
        String type = schema.path("type").asText();
        if (type.equals("array") && !schema.has("maxItems")
                || type.equals("string") && !schema.has("maxLength") && !schema.has("enum")) {
            unbounded.add(path);
        }
        schema.path("properties")
                .fields()
                .forEachRemaining(field -> unboundedBelow(field.getValue(), path + "." + field.getKey(), unbounded));
        if (schema.has("items")) {
            unboundedBelow(schema.path("items"), path + "[]", unbounded);
        }
    }
}
