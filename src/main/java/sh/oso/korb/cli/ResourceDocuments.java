package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.error.InvalidInputException;

/**
 * KafkaOffsetRollbacks (and KafkaOffsetResets) read from a YAML stream of one or more documents, as strictly as {@code kubectl apply
 * --validate=strict}: a document of another kind, or a field the resource does not have, is an error naming the
 * document and the field, before anything is rendered.
 */
final class ResourceDocuments {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final String API_VERSION = "kafka.oso.sh/v1alpha1";
    private static final String KIND = "KafkaOffsetRollback";
    private static final String RESET_KIND = "KafkaOffsetReset";

    private ResourceDocuments() {}

    /** Every non-empty document of {@code yaml}, in order; {@code source} names it in messages. */
    static List<HasMetadata> read(Reader yaml, String source) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (iterator.hasNextValue()) {
                JsonNode document = iterator.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (JacksonException e) {
            throw new InvalidInputException(source + " is not YAML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + source + ": " + e.getMessage(), e);
        }
        if (documents.isEmpty()) {
            throw new InvalidInputException(source + " holds no resource: give a file with a " + KIND);
        }
        List<HasMetadata> resources = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            String where = documents.size() == 1 ? source : source + ", document " + (i + 1);
            resources.add(resource(documents.get(i), where));
        }
        return resources;
    }

    /** A KafkaOffsetRollback, or a KafkaOffsetReset. */
    private static HasMetadata resource(JsonNode document, String where) {
        if (!document.isObject()) {
            throw new InvalidInputException(where + " is not an object: give a " + KIND);
        }
        String kind = document.path("kind").asText("");
        String apiVersion = document.path("apiVersion").asText("");
        if (!(KIND.equals(kind) || RESET_KIND.equals(kind)) || !API_VERSION.equals(apiVersion)) {
            throw new InvalidInputException(where + ": " + apiVersion + " " + kind + " is not a " + KIND
                    + ": korb render renders apiVersion " + API_VERSION + ", kind " + KIND + " or " + RESET_KIND);
        }
        if (document.at("/metadata/name").asText("").isBlank()) {
            throw new InvalidInputException(where + ": metadata.name is required: the run is named after it");
        }
        try {
            Class<? extends HasMetadata> type =
                    RESET_KIND.equals(kind) ? KafkaOffsetReset.class : KafkaOffsetRollback.class;
            return YAML.treeToValue(document, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException(
                    where + ": " + path(e) + ": unknown field \"" + e.getPropertyName()
                            + "\": the resource has no such field (see "
                            + (RESET_KIND.equals(kind) ? "the KafkaOffsetReset CRD" : "docs/kafkaoffsetrollback.md")
                            + ")",
                    e);
        } catch (JsonMappingException e) {
            throw new InvalidInputException(where + ": " + path(e) + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (JacksonException e) {
            throw new InvalidInputException(where + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    /** {@code spec.kafkaCluster.bootstrapServers[0]}, as the API server names a field. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "the document" : path.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
