package sh.oso.korb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API server's static estimate of a CEL rule's cost, for the expressions korb's rules can be made of: CEL for Java
 * has no cost estimator, so this follows cel-go's ({@code checker/cost.go}) with the sizes the API server derives
 * from the schema ({@code maxItems}, {@code maxLength} times 4 bytes a character, enum values; without them the
 * most a 3 MiB request could hold; an object has no size). Literals cost 0, a variable or a field 1 (a presence test
 * 1), {@code &&} and {@code ||} their operands, equality and string comparisons a tenth of the shorter operand's
 * size, {@code contains} a tenth of the string's size times a tenth of the other's ({@code startsWith} and
 * {@code endsWith} a tenth of the other's), a comprehension its range
 * times the cost of one step, any other function 1. An expression outside this subset is refused, so a new kind of
 * rule cannot pass unestimated.
 */
final class RuleCost {

    /** The API server's request limit, from which it derives the size of what the schema leaves unbounded. */
    static final long MAX_REQUEST_BYTES = 3 * 1024 * 1024;

    static final double STRING_TRAVERSAL_COST_FACTOR = 0.1;

    private static final Set<String> COMPARISONS = Set.of("_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_");
    private static final Set<String> CONSTANT_TIME =
            Set.of("size", "!_", "@not_strictly_false", "_+_", "_-_", "_*_", "_/_", "_%_", "-_");

    /** What the estimator knows of a sub-expression: its cost, its size, and its schema when it is a field. */
    private record Estimate(long cost, long size, JsonNode schema) {}

    private final CelAbstractSyntaxTree ast;
    private final JsonNode selfSchema;
    private final Map<String, JsonNode> locals = new HashMap<>();

    private RuleCost(CelAbstractSyntaxTree ast, JsonNode selfSchema) {
        this.ast = ast;
        this.selfSchema = selfSchema;
    }

    /** The most one evaluation of the rule can cost. */
    static long of(CrdRules.Rule rule) {
        return new RuleCost(rule.ast(), rule.schema())
                .estimate(rule.ast().getExpr())
                .cost();
    }

    private Estimate estimate(CelExpr expr) {
        return switch (expr.exprKind().getKind()) {
            case CONSTANT -> new Estimate(0, size(expr.constant()), MissingNode.getInstance());
            case IDENT -> ident(expr.ident().name());
            case SELECT -> select(expr);
            case CALL -> call(expr);
            case COMPREHENSION -> comprehension(expr.comprehension());
            default -> throw unmodelled(expr.exprKind().getKind().toString());
        };
    }

    private Estimate ident(String name) {
        JsonNode schema = name.equals("self") || name.equals("oldSelf")
                ? selfSchema
                : locals.getOrDefault(name, MissingNode.getInstance());
        return field(1, schema);
    }

    private Estimate select(CelExpr expr) {
        CelExpr.CelSelect select = expr.select();
        Estimate operand = estimate(select.operand());
        if (select.testOnly()) {
            return new Estimate(add(operand.cost(), 1), 1, MissingNode.getInstance());
        }
        CelKind kind = type(select.operand()).kind();
        long cost = add(operand.cost(), kind == CelKind.STRUCT || kind == CelKind.MAP ? 1 : 0);
        JsonNode schema = operand.schema().path("properties").has(select.field())
                ? operand.schema().path("properties").path(select.field())
                : operand.schema().path("additionalProperties");
        return field(cost, schema);
    }

    private Estimate call(CelExpr expr) {
        CelExpr.CelCall call = expr.call();
        String function = call.function();
        List<CelExpr> operandExprs = new ArrayList<>();
        call.target().ifPresent(operandExprs::add);
        operandExprs.addAll(call.args());
        List<Estimate> operands = operandExprs.stream().map(this::estimate).toList();
        long arguments = operands.stream().mapToLong(Estimate::cost).reduce(0, RuleCost::add);
        long cost;
        if (function.equals("_&&_") || function.equals("_||_")) {
            cost = 0;
        } else if (function.equals("_?_:_")) {
            return new Estimate(
                    add(
                            operands.get(0).cost(),
                            Math.max(operands.get(1).cost(), operands.get(2).cost())),
                    Math.max(operands.get(1).size(), operands.get(2).size()),
                    MissingNode.getInstance());
        } else if (COMPARISONS.contains(function) && isSized(operandExprs.get(0))) {
            cost = tenths(Math.min(operands.get(0).size(), operands.get(1).size()));
        } else if (function.equals("contains")) {
            cost = multiply(
                    tenths(operands.get(0).size()), tenths(operands.get(1).size()));
        } else if (function.equals("startsWith") || function.equals("endsWith")) {
            cost = tenths(operands.get(1).size());
        } else if (COMPARISONS.contains(function) || CONSTANT_TIME.contains(function)) {
            cost = 1;
        } else {
            throw unmodelled("function " + function);
        }
        return new Estimate(add(arguments, cost), 1, MissingNode.getInstance());
    }

    private Estimate comprehension(CelExpr.CelComprehension loop) {
        Estimate range = estimate(loop.iterRange());
        long cost = add(range.cost(), estimate(loop.accuInit()).cost());
        locals.put(loop.iterVar(), range.schema().path("items"));
        long step = add(
                estimate(loop.loopCondition()).cost(), estimate(loop.loopStep()).cost());
        locals.remove(loop.iterVar());
        cost = add(cost, multiply(range.size(), step));
        return new Estimate(add(cost, estimate(loop.result()).cost()), 1, MissingNode.getInstance());
    }

    /** Equality of strings, bytes, lists and maps costs by size; of numbers and booleans, 1. */
    private boolean isSized(CelExpr operand) {
        CelKind kind = type(operand).kind();
        return kind == CelKind.STRING
                || kind == CelKind.BYTES
                || kind == CelKind.LIST
                || kind == CelKind.MAP
                || kind == CelKind.STRUCT;
    }

    private CelType type(CelExpr expr) {
        return ast.getType(expr.id()).orElseThrow();
    }

    private static Estimate field(long cost, JsonNode schema) {
        return new Estimate(cost, schema.isMissingNode() ? Long.MAX_VALUE : maxElements(schema), schema);
    }

    private static long size(CelConstant constant) {
        return switch (constant.getKind()) {
            case STRING_VALUE ->
                constant.stringValue().codePointCount(0, constant.stringValue().length());
            case BYTES_VALUE -> constant.bytesValue().size();
            default -> 1;
        };
    }

    /**
     * The most elements a value of {@code schema} can have, as the API server reckons it: list items, map entries,
     * bytes of a string; 0 for objects and scalars.
     */
    static long maxElements(JsonNode schema) {
        String type = schema.path("type").asText();
        if (schema.path("x-kubernetes-int-or-string").asBoolean() || type.equals("string")) {
            if (schema.has("maxLength")) {
                return schema.path("maxLength").asLong() * 4;
            }
            long longestValue = 0;
            for (JsonNode value : schema.path("enum")) {
                longestValue = Math.max(longestValue, value.asText().length());
            }
            return schema.has("enum") ? longestValue : MAX_REQUEST_BYTES - 2;
        }
        if (type.equals("array")) {
            return schema.has("maxItems")
                    ? schema.path("maxItems").asLong()
                    : (MAX_REQUEST_BYTES - 2) / (minSerializedSize(schema.path("items")) + 1);
        }
        if (type.equals("object") && schema.path("additionalProperties").isObject()) {
            return schema.has("maxProperties")
                    ? schema.path("maxProperties").asLong()
                    : (MAX_REQUEST_BYTES - 2) / (minSerializedSize(schema.path("additionalProperties")) + 6);
        }
        return 0;
    }

    /** The fewest bytes a value of {@code schema} takes in JSON, as the API server reckons it. */
    private static long minSerializedSize(JsonNode schema) {
        String type = schema.path("type").asText();
        if (schema.path("x-kubernetes-int-or-string").asBoolean() || type.equals("integer") || type.equals("number")) {
            return 1;
        }
        if (type.equals("boolean")) {
            return 4;
        }
        if (type.equals("string") || type.equals("array")) {
            return 2;
        }
        long size = 2;
        for (JsonNode name : schema.path("required")) {
            JsonNode property = schema.path("properties").path(name.asText());
            if (!property.has("default")) {
                size += name.asText().length() + minSerializedSize(property) + 4;
            }
        }
        return size;
    }

    private static long tenths(long size) {
        return size == Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(size * STRING_TRAVERSAL_COST_FACTOR);
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long multiply(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static IllegalArgumentException unmodelled(String what) {
        return new IllegalArgumentException(
                "no cost model for " + what + ": add it to RuleCost as cel-go's" + " checker/cost.go estimates it");
    }
}
