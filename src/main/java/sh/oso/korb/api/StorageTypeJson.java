package sh.oso.korb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonStringFormatVisitor;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import sh.oso.korb.storage.StorageType;

/**
 * {@code storage.storageType} as JSON: the executor's {@link StorageType}, written by its value. The reference
 * also spells the ConfigMap store {@code configmap} (in its full specification's comment), so that spelling is
 * read too, and the CRD generated from the model lists it beside the values (the generator takes the enum
 * from {@link Writer#acceptJsonFormatVisitor}).
 */
final class StorageTypeJson {

    static final Map<String, StorageType> SPELLINGS;

    static {
        Map<String, StorageType> spellings = new LinkedHashMap<>();
        Arrays.stream(StorageType.values()).forEach(type -> spellings.put(type.value(), type));
        spellings.put("configmap", StorageType.CONFIGMAP);
        SPELLINGS = Collections.unmodifiableMap(spellings);
    }

    private StorageTypeJson() {}

    public static final class Writer extends StdSerializer<StorageType> {

        public Writer() {
            super(StorageType.class);
        }

        @Override
        public void serialize(StorageType type, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(type.value());
        }

        @Override
        public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType hint)
                throws JsonMappingException {
            JsonStringFormatVisitor string = visitor.expectStringFormat(hint);
            if (string != null) {
                string.enumTypes(SPELLINGS.keySet());
            }
        }
    }

    public static final class Reader extends StdDeserializer<StorageType> {

        public Reader() {
            super(StorageType.class);
        }

        @Override
        public StorageType deserialize(JsonParser json, DeserializationContext context) throws IOException {
            String text = json.getValueAsString();
            StorageType type = SPELLINGS.get(text);
            return type != null
                    ? type
                    : (StorageType) context.handleWeirdStringValue(
                            StorageType.class, text, "not one of " + String.join(", ", SPELLINGS.keySet()));
        }
    }
}
