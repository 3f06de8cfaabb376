package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether Argo's controller retries a container node that failed (workflow/controller/operator.go,
 * processNodeRetries): the retry policy must retry a Failed node, the retries so far must not exceed the limit,
 * and {@code retryStrategy.expression}, evaluated over {@code lastRetry.*} and {@code retries}, must hold. The
 * expression is evaluated for the part of expr-lang that retry conditions use: {@code ||}, {@code &&}, {@code !},
 * comparisons, parentheses, string and number literals, {@code asInt} and {@code asFloat}.
 */
final class RetryDecision {

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(\\|\\||&&|==|!=|<=|>=|[<>!()]|\"[^\"]*\"|'[^']*'|-?\\d+(?:\\.\\d+)?|[A-Za-z_][A-Za-z_0-9.]*)");

    private final List<String> tokens;
    private final Map<String, Object> variables;
    private final String expression;
    private int next;

    private RetryDecision(String expression, Map<String, Object> variables) {
        this.expression = expression;
        this.variables = variables;
        this.tokens = tokens(expression);
    }

    /** After {@code attempts} attempts, the last of which exited with {@code exitCode} (a Failed node). */
    static boolean retry(JsonNode strategy, int attempts, int exitCode) {
        String expression = strategy.path("expression").asText();
        String policy = strategy.path("retryPolicy").asText();
        if (policy.isEmpty()) {
            policy = expression.isEmpty() ? "OnFailure" : "Always";
        }
        // A container that exits non-zero is a Failed node; OnError retries only Errors, OnTransientError only
        // failures whose message Argo deems transient, which an exit code is not.
        if (!policy.equals("Always") && !policy.equals("OnFailure")) {
            return false;
        }
        JsonNode limit = strategy.path("limit");
        if (!limit.isMissingNode() && attempts > limit(limit)) {
            return false;
        }
        if (expression.isEmpty()) {
            return true;
        }
        Map<String, Object> scope = Map.of(
                "retries",
                Integer.toString(attempts - 1),
                "lastRetry.exitCode",
                Integer.toString(exitCode),
                "lastRetry.status",
                "Failed",
                "lastRetry.duration",
                "0",
                "lastRetry.message",
                "Error (exit code " + exitCode + ")");
        return new RetryDecision(expression, scope).evaluate();
    }

    private static int limit(JsonNode limit) {
        try {
            return limit.isInt() ? limit.asInt() : Integer.parseInt(limit.asText());
        } catch (NumberFormatException e) {
            throw ArgoRule.RETRY_LIMIT_NOT_AN_INTEGER.refuse("", limit.asText());
        }
    }

    private boolean evaluate() {
        Object value = or();
        if (next != tokens.size() || !(value instanceof Boolean)) {
            throw unsupported("not one boolean expression");
        }
        return (Boolean) value;
    }

    private Object or() {
        Object left = and();
        while (accept("||") || accept("or")) {
            Object right = and();
            left = bool(left) || bool(right);
        }
        return left;
    }

    private Object and() {
        Object left = unary();
        while (accept("&&") || accept("and")) {
            Object right = unary();
            left = bool(left) && bool(right);
        }
        return left;
    }

    private Object unary() {
        if (accept("!") || accept("not")) {
            return !bool(unary());
        }
        Object left = primary();
        for (String operator : List.of("==", "!=", "<=", ">=", "<", ">")) {
            if (accept(operator)) {
                return compare(left, operator, primary());
            }
        }
        return left;
    }

    private Object primary() {
        if (next >= tokens.size()) {
            throw unsupported("it ends early");
        }
        String token = tokens.get(next++);
        if (token.equals("(")) {
            Object value = or();
            expect(")");
            return value;
        }
        if (token.startsWith("\"") || token.startsWith("'")) {
            return token.substring(1, token.length() - 1);
        }
        if (Character.isDigit(token.charAt(0)) || token.startsWith("-")) {
            return Double.parseDouble(token);
        }
        if (token.equals("true") || token.equals("false")) {
            return Boolean.parseBoolean(token);
        }
        if (accept("(")) {
            Object argument = or();
            expect(")");
            return switch (token) {
                case "asInt", "asFloat" -> Double.parseDouble(Objects.toString(argument));
                default -> throw unsupported("no function " + token);
            };
        }
        if (!variables.containsKey(token)) {
            throw unsupported("no variable " + token);
        }
        return variables.get(token);
    }

    private static Object compare(Object left, String operator, Object right) {
        if (operator.equals("==")) {
            return left.equals(right);
        }
        if (operator.equals("!=")) {
            return !left.equals(right);
        }
        if (!(left instanceof Double a) || !(right instanceof Double b)) {
            throw new WorkflowException("retryStrategy.expression compares " + left + " and " + right + " with "
                    + operator + ": only numbers are ordered");
        }
        return switch (operator) {
            case "<" -> a < b;
            case "<=" -> a <= b;
            case ">" -> a > b;
            default -> a >= b;
        };
    }

    private boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw unsupported(value + " is not a boolean");
    }

    private boolean accept(String token) {
        if (next < tokens.size() && tokens.get(next).equals(token)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw unsupported("expected " + token);
        }
    }

    private WorkflowException unsupported(String why) {
        return ArgoRule.RETRY_EXPRESSION_UNSUPPORTED.refuse("", expression, why);
    }

    private static List<String> tokens(String expression) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(expression);
        int at = 0;
        while (at < expression.length() && matcher.find(at) && matcher.start() == at) {
            tokens.add(matcher.group(1));
            at = matcher.end();
        }
        if (!expression.substring(at).isBlank()) {
            throw ArgoRule.RETRY_EXPRESSION_UNSUPPORTED.refuse(
                    "", expression, "cannot read '" + expression.substring(at).trim() + "'");
        }
        return tokens;
    }
}
