package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The project's workflow YAML, read as JSON trees. */
public final class Yaml {

    public static final ObjectMapper MAPPER = new YAMLMapper();
    public static final Path PROJECT = Path.of("").toAbsolutePath();

    private Yaml() {}

    public static JsonNode read(Path file) {
        List<JsonNode> documents = readAll(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " holds " + documents.size() + " documents, expected one");
        }
        return documents.get(0);
    }

    public static List<JsonNode> readAll(Path file) {
        try {
            return MAPPER.readValues(new YAMLFactory().createParser(file.toFile()), JsonNode.class).readAll().stream()
                    .filter(node -> node != null && !node.isNull() && !node.isMissingNode())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code node} as one YAML document. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String yaml) {
        try {
            return MAPPER.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode copy(JsonNode node) {
        return (ObjectNode) node.deepCopy();
    }

    /** The .yaml files directly in a project directory (what {@code kubectl apply -f DIR} applies). */
    public static List<Path> files(String directory) {
        try (Stream<Path> files = Files.list(PROJECT.resolve(directory))) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every .yaml file under a project directory, samples included. */
    public static List<Path> tree(String directory) {
        try (Stream<Path> files = Files.walk(PROJECT.resolve(directory))) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
