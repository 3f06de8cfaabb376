package sh.oso.korb.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code x-kubernetes-validations} rules of a CRD version, compiled with Google's CEL for Java against the types
 * of the schema and evaluated as the API server evaluates them: each where its object is present in the resource, a
 * transition rule (one that reads {@code oldSelf}) only on an update and where the old resource has the object too.
 */
final class CrdRules {

    /**
     * One rule.
     *
     * @param pointer     where its object is in a resource, e.g. {@code /spec/storage}
     * @param schema      the schema of that object
     * @param cardinality how many such objects one resource can hold (1 outside lists and maps)
     */
    record Rule(
            String pointer,
            String expression,
            String message,
            JsonNode schema,
            long cardinality,
            CelAbstractSyntaxTree ast,
            CelRuntime.Program program) {

        boolean isTransition() {
            return CelNavigableAst.fromAst(ast)
                    .getRoot()
                    .allNodes()
                    .anyMatch(node -> node.expr().exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT
                            && node.expr().ident().name().equals("oldSelf"));
        }

        @Override
        public String toString() {
            return pointer + ": " + expression;
        }
    }

    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final List<Rule> rules = new ArrayList<>();

    /** The rules of {@code versionSchema} (a version's openAPIV3Schema). */
    CrdRules(JsonNode versionSchema) {
        collect(versionSchema, "", 1);
    }

    List<Rule> all() {
        return rules;
    }

    /** The messages of the rules that refuse {@code resource}: a create when {@code old} is empty, else an update. */
    List<String> refusals(JsonNode resource, Optional<JsonNode> old) {
        List<String> refused = new ArrayList<>();
        for (Rule rule : rules) {
            JsonNode self = resource.at(rule.pointer());
            Optional<JsonNode> oldSelf = old.map(previous -> previous.at(rule.pointer()));
            boolean applies = !self.isMissingNode()
                    && (!rule.isTransition()
                            || oldSelf.filter(node -> !node.isMissingNode()).isPresent());
            if (applies && !passes(rule, self, oldSelf.orElse(self))) {
                refused.add(rule.message());
            }
        }
        return refused;
    }

    private static boolean passes(Rule rule, JsonNode self, JsonNode oldSelf) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("self", value(self));
        variables.put("oldSelf", value(oldSelf));
        try {
            return Boolean.TRUE.equals(rule.program().eval(variables));
        } catch (CelEvaluationException e) {
            // the API server reports an evaluation error as a failed validation too
            return false;
        }
    }

    private void collect(JsonNode schema, String pointer, long cardinality) {
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            rules.add(compile(
                    schema,
                    pointer,
                    cardinality,
                    validation.path("rule").asText(),
                    validation.path("message").asText()));
        }
        schema.path("properties")
                .fields()
                .forEachRemaining(field -> collect(field.getValue(), pointer + "/" + field.getKey(), cardinality));
        if (schema.has("items")) {
            collect(schema.path("items"), pointer + "/items", cardinality * RuleCost.maxElements(schema));
        }
        if (schema.path("additionalProperties").isObject()) {
            collect(
                    schema.path("additionalProperties"),
                    pointer + "/values",
                    cardinality * RuleCost.maxElements(schema));
        }
    }

    /** {@code expression} compiled as a rule on the object of {@code schema} at {@code pointer}. */
    static Rule compile(JsonNode schema, String pointer, long cardinality, String expression, String message) {
        SchemaTypes types = new SchemaTypes();
        CelType selfType = types.of(schema, "self" + pointer.replace('/', '_'));
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(types)
                .addVar("self", selfType)
                .addVar("oldSelf", selfType)
                .setResultType(SimpleType.BOOL)
                .build();
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            return new Rule(pointer, expression, message, schema, cardinality, ast, RUNTIME.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("the rule at " + pointer + " does not compile: " + expression, e);
        }
    }

    /** A JSON value as CEL's Java runtime takes it: maps, lists, strings, longs, doubles, booleans. */
    static Object value(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(field.getKey(), value(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }
}
