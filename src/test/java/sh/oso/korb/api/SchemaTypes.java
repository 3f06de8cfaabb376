package sh.oso.korb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL types the API server gives the values of a structural schema, so a rule is type-checked as the API server
 * checks it: an object with properties is a type of its own whose fields are its properties (a misspelled field does
 * not compile), an object with additionalProperties a map, an array a list; int-or-string is dynamic.
 */
final class SchemaTypes implements CelTypeProvider {

    private final Map<String, StructType> objects = new LinkedHashMap<>();

    /** The type of {@code schema}; objects are named after their path, as the API server names them itself. */
    CelType of(JsonNode schema, String path) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            return SimpleType.DYN;
        }
        return switch (schema.path("type").asText()) {
            case "string" -> SimpleType.STRING;
            case "integer" -> SimpleType.INT;
            case "number" -> SimpleType.DOUBLE;
            case "boolean" -> SimpleType.BOOL;
            case "array" -> ListType.create(of(schema.path("items"), path + "_items"));
            case "object" ->
                schema.has("additionalProperties")
                        ? MapType.create(SimpleType.STRING, of(schema.path("additionalProperties"), path + "_values"))
                        : object(schema, path);
            default -> SimpleType.DYN;
        };
    }

    private StructType object(JsonNode schema, String path) {
        Map<String, CelType> fields = new LinkedHashMap<>();
        schema.path("properties")
                .fields()
                .forEachRemaining(
                        field -> fields.put(field.getKey(), of(field.getValue(), path + "_" + field.getKey())));
        StructType type = StructType.create(
                path, ImmutableSet.copyOf(fields.keySet()), name -> Optional.ofNullable(fields.get(name)));
        objects.put(path, type);
        return type;
    }

    @Override
    public ImmutableCollection<CelType> types() {
        return ImmutableList.copyOf(objects.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
        return Optional.ofNullable(objects.get(typeName));
    }
}
