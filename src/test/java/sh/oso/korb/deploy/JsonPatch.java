package sh.oso.korb.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of a JSON patch (RFC 6902) that deploy/'s kustomizations use: {@code add} (an array index, or
 * {@code -} to append), {@code replace} and {@code remove}. Any other operation, a patch that is not a list of
 * operations, or a path that does not lead where the operation needs is refused, never skipped, so that a
 * kustomization this cannot build fails its test instead of building into something else.
 */
final class JsonPatch {

    private static final Set<String> OPERATIONS = Set.of("add", "replace", "remove");

    private JsonPatch() {}

    /** {@code document} changed in place by each operation of {@code patch} in turn. */
    static void apply(JsonNode patch, ObjectNode document) {
        if (!patch.isArray()) {
            throw new IllegalArgumentException("a JSON patch is a list of operations, not " + patch.getNodeType());
        }
        for (JsonNode operation : patch) {
            applyOne(operation, document);
        }
    }

    private static void applyOne(JsonNode operation, ObjectNode document) {
        String op = operation.path("op").asText();
        if (!OPERATIONS.contains(op)) {
            throw new UnsupportedOperationException(
                    "JSON patch op '" + op + "' is not supported (only add, replace and remove): " + operation);
        }
        if (!operation.path("path").isTextual()) {
            throw new IllegalArgumentException("JSON patch operation without a path: " + operation);
        }
        if (!op.equals("remove") && !operation.has("value")) {
            throw new IllegalArgumentException("JSON patch " + op + " without a value: " + operation);
        }
        List<String> tokens = pointer(operation.path("path").asText());
        if (tokens.isEmpty()) {
            throw new UnsupportedOperationException(
                    "JSON patch " + op + " of the whole document is not supported: " + operation);
        }
        JsonNode parent = document;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            parent = child(parent, token, operation);
        }
        String last = tokens.get(tokens.size() - 1);
        JsonNode value = operation.path("value").deepCopy();
        if (parent instanceof ObjectNode object) {
            if (!op.equals("add") && !object.has(last)) {
                throw new IllegalArgumentException("JSON patch " + op + ": no member '" + last + "': " + operation);
            }
            if (op.equals("remove")) {
                object.remove(last);
            } else {
                object.set(last, value);
            }
        } else if (parent instanceof ArrayNode array) {
            if (op.equals("add") && last.equals("-")) {
                array.add(value);
                return;
            }
            int index = index(last, operation);
            int limit = op.equals("add") ? array.size() : array.size() - 1;
            if (index > limit) {
                throw new IllegalArgumentException(
                        "JSON patch " + op + ": index " + index + " past the array's end: " + operation);
            }
            switch (op) {
                case "add" -> array.insert(index, value);
                case "replace" -> array.set(index, value);
                default -> array.remove(index);
            }
        } else {
            throw new IllegalArgumentException(
                    "JSON patch " + op + ": the path's parent is not an object or array: " + operation);
        }
    }

    private static JsonNode child(JsonNode parent, String token, JsonNode operation) {
        JsonNode child = parent.isArray() ? parent.path(index(token, operation)) : parent.path(token);
        if (child.isMissingNode() || !(child.isObject() || child.isArray())) {
            throw new IllegalArgumentException(
                    "JSON patch: '" + token + "' on the path leads nowhere (no such object or array): " + operation);
        }
        return child;
    }

    private static int index(String token, JsonNode operation) {
        if (!token.matches("0|[1-9][0-9]*")) {
            throw new IllegalArgumentException("JSON patch: '" + token + "' is not an array index: " + operation);
        }
        return Integer.parseInt(token);
    }

    /** The reference tokens of a JSON pointer (RFC 6901), unescaped. */
    static List<String> pointer(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("a JSON pointer starts with '/': '" + pointer + "'");
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
