package sh.oso.korb.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The field tables of docs/kafkaoffsetrollback.md, rendered from the generated CRD's schema (itself generated
 * from the api package), so the reference page cannot drift from the model.
 */
final class FieldTables {

    private FieldTables() {}

    /** A table of every field below {@code root} (e.g. {@code spec}), one row each, in schema order. */
    static String render(JsonNode versionSchema, String root) {
        StringBuilder table = new StringBuilder("| field | type | required | description |\n|---|---|---|---|\n");
        List<String[]> rows = new ArrayList<>();
        JsonNode schema = versionSchema.path("properties").path(root);
        fields(schema, root, rows);
        for (String[] row : rows) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return table.toString();
    }

    private static void fields(JsonNode object, String path, List<String[]> rows) {
        Set<String> required = new HashSet<>();
        object.path("required").forEach(name -> required.add(name.asText()));
        object.path("properties").fields().forEachRemaining(field -> {
            String fieldPath = path + "." + field.getKey();
            JsonNode schema = field.getValue();
            rows.add(new String[] {
                "`" + fieldPath + "`", type(schema), required.contains(field.getKey()) ? "yes" : "", description(schema)
            });
            JsonNode items = schema.path("items");
            if (schema.has("properties")) {
                fields(schema, fieldPath, rows);
            } else if (items.has("properties")) {
                fields(items, fieldPath + "[]", rows);
            }
        });
    }

    private static String type(JsonNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            return "integer or string";
        }
        String type = schema.path("type").asText();
        if (type.equals("array")) {
            return "array of " + type(schema.path("items"));
        }
        if (type.equals("object") && schema.has("additionalProperties")) {
            return "map of " + type(schema.path("additionalProperties"));
        }
        return type;
    }

    private static String description(JsonNode schema) {
        List<String> parts = new ArrayList<>();
        if (schema.has("description")) {
            parts.add(schema.path("description").asText().replace("|", "\\|"));
        }
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.path("enum").forEach(value -> values.add("`" + value.asText() + "`"));
            parts.add("One of " + String.join(", ", values) + ".");
        }
        constraint(schema, "pattern", "Pattern", parts);
        constraint(schema, "minimum", "Minimum", parts);
        constraint(schema, "minItems", "At least this many items:", parts);
        constraint(schema, "maxItems", "At most this many items:", parts);
        constraint(schema, "maxLength", "At most this many characters:", parts);
        constraint(schema.path("items"), "maxLength", "Each item at most this many characters:", parts);
        constraint(schema, "default", "Default", parts);
        return parts.stream().collect(Collectors.joining(" "));
    }

    private static void constraint(JsonNode schema, String keyword, String label, List<String> parts) {
        if (schema.has(keyword)) {
            JsonNode value = schema.path(keyword);
            String text = value.isNumber() ? String.valueOf(value.asLong()) : value.asText();
            parts.add(label + " `" + text.replace("|", "\\|") + "`.");
        }
    }
}
