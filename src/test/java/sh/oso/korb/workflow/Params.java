package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tekton params: binding supplied values to declarations, and the {@code params.*} variables. */
final class Params {

    private static final Pattern PARAM =
            Pattern.compile("params(?:\\.([A-Za-z0-9_-]+)|\\['([^']+)']|\\[\"([^\"]+)\"])(\\[\\*])?");

    private Params() {}

    /**
     * Each declared param's value: the supplied one, else its default. An undeclared, missing or mistyped param
     * is refused, as Tekton's validation refuses it.
     */
    static Map<String, Object> bind(JsonNode declared, JsonNode supplied, String owner) {
        Map<String, JsonNode> declarations = new LinkedHashMap<>();
        declared.forEach(param -> declarations.put(param.path("name").asText(), param));
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode param : supplied) {
            String name = param.path("name").asText();
            JsonNode declaration = declarations.get(name);
            if (declaration == null) {
                throw new WorkflowException(owner + " has no param '" + name + "'");
            }
            if (!seen.add(name)) {
                throw new WorkflowException(owner + ": param '" + name + "' is given twice");
            }
            values.put(name, typed(param.path("value"), declaration, owner));
        }
        for (Map.Entry<String, JsonNode> declaration : declarations.entrySet()) {
            if (!values.containsKey(declaration.getKey())) {
                JsonNode fallback = declaration.getValue().get("default");
                if (fallback == null) {
                    throw new WorkflowException(owner + " needs param '" + declaration.getKey() + "'");
                }
                values.put(declaration.getKey(), typed(fallback, declaration.getValue(), owner));
            }
        }
        return values;
    }

    private static Object typed(JsonNode value, JsonNode declaration, String owner) {
        boolean array = declaration.path("type").asText("string").equals("array");
        if (array != value.isArray()) {
            throw new WorkflowException(owner + ": param '"
                    + declaration.path("name").asText() + "' must be " + (array ? "an array" : "a string"));
        }
        if (array) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return List.copyOf(items);
        }
        return value.asText();
    }

    /** {@code params.x} of a string param. */
    static Optional<String> string(String variable, Map<String, Object> params) {
        Matcher matcher = PARAM.matcher(variable);
        if (!matcher.matches() || matcher.group(4) != null) {
            return Optional.empty();
        }
        Object value = params.get(name(matcher));
        if (value instanceof List) {
            throw new WorkflowException("array param used as a string: " + variable + " (use [*])");
        }
        return Optional.ofNullable((String) value);
    }

    /** {@code params.x[*]} of an array param. */
    @SuppressWarnings("unchecked")
    static Optional<List<String>> array(String variable, Map<String, Object> params) {
        Matcher matcher = PARAM.matcher(variable);
        if (!matcher.matches() || matcher.group(4) == null) {
            return Optional.empty();
        }
        Object value = params.get(name(matcher));
        if (!(value instanceof List)) {
            throw new WorkflowException(variable + " names no array param");
        }
        return Optional.of((List<String>) value);
    }

    /** A pipeline task's param value with the pipeline's variables substituted; arrays expand in place. */
    static JsonNode substitute(
            JsonNode value, Function<String, Optional<String>> resolver, Map<String, Object> params) {
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : value) {
                Optional<List<String>> array =
                        Substitution.TEKTON.whole(item.asText()).flatMap(v -> array(v, params));
                if (array.isPresent()) {
                    array.get().forEach(out::add);
                } else {
                    out.add(Substitution.TEKTON.apply(item.asText(), resolver));
                }
            }
            return out;
        }
        return TextNode.valueOf(Substitution.TEKTON.apply(value.asText(), resolver));
    }

    private static String name(Matcher matcher) {
        for (int group = 1; group <= 3; group++) {
            if (matcher.group(group) != null) {
                return matcher.group(group);
            }
        }
        throw new IllegalStateException();
    }
}
