package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of {@code tasks/}: each Task in {@code tasks/<name>/<name>.yaml} beside its README.md and samples/
 * (a Tekton catalog with git-based versioning, as Artifact Hub reads it), and {@code tasks/kustomization.yaml},
 * which lists the Task files {@code kubectl apply -k tasks/} installs.
 */
final class TektonCatalog {

    static final Path TASKS = Yaml.PROJECT.resolve("tasks");

    private TektonCatalog() {}

    /** What {@code kubectl apply -k tasks/} applies: the kustomization's resources. */
    static List<Path> taskFiles() {
        List<Path> files = new ArrayList<>();
        for (JsonNode resource : Yaml.read(TASKS.resolve("kustomization.yaml")).path("resources")) {
            files.add(TASKS.resolve(resource.asText()));
        }
        return files;
    }

    /** The directories Artifact Hub takes for packages: every directory directly in {@code tasks/}. */
    static List<Path> packageDirectories() {
        try (Stream<Path> entries = Files.list(TASKS)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Task's file by its name: {@code tasks/<name>/<name>.yaml}. */
    static Path taskFile(String name) {
        return TASKS.resolve(name).resolve(name + ".yaml");
    }
}
