package sh.oso.korb.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sh.oso.korb.workflow.Yaml;

/**
 * A test-only {@code kustomize build}, for the part of kustomize that deploy/ uses, so that the tests can read what
 * {@code kubectl apply -k} installs where no kustomize runs: {@code resources} (files, and directories holding a
 * Kustomization), {@code components} (directories holding a Component) and {@code patches} (JSON 6902, inline or
 * by path, with a target by group, version, kind, name and namespace), in kustomize's order: a kustomization's
 * resources, then its components in turn, each adding its resources and patching everything so far, then its own
 * patches. Whatever else a kustomization holds (namespace, labels, generators, strategic-merge patches, a target
 * by label...) is refused with a message naming it, rather than skipped: a kustomization this cannot build fails
 * its test. Stricter than kustomize in one place: a patch whose target matches nothing is an error, not a no-op.
 * {@link KubectlKustomizeTest} checks it against kustomize itself where kubectl is installed.
 */
public final class MiniKustomize {

    private static final List<String> KUSTOMIZATION_FILES =
            List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "components", "patches");
    private static final Set<String> PATCH_FIELDS = Set.of("target", "patch", "path");
    private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name", "namespace");
    private static final String KUSTOMIZATION = "Kustomization";
    private static final String COMPONENT = "Component";

    private MiniKustomize() {}

    /** What {@code kustomize build directory} prints, as one JSON tree per object, in the order they were added. */
    public static List<ObjectNode> build(Path directory) {
        Map<String, ObjectNode> objects = new LinkedHashMap<>();
        apply(directory.toAbsolutePath().normalize(), KUSTOMIZATION, objects);
        return new ArrayList<>(objects.values());
    }

    /** The object's identity as kustomize keys it: group, kind, namespace, name. */
    public static String id(JsonNode object) {
        return group(object) + "/" + object.path("kind").asText() + "/"
                + object.at("/metadata/namespace").asText() + "/"
                + object.at("/metadata/name").asText();
    }

    private static void apply(Path root, String expectedKind, Map<String, ObjectNode> objects) {
        Path file = kustomizationFile(root);
        JsonNode kustomization = Yaml.read(file);
        checkKind(file, kustomization, expectedKind);
        for (Iterator<String> fields = kustomization.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new UnsupportedOperationException(
                        file + ": MiniKustomize does not support '" + field + "' (only " + FIELDS + ")");
            }
        }
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = root.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                apply(path, KUSTOMIZATION, objects);
            } else {
                for (JsonNode document : Yaml.readAll(within(root, path, file))) {
                    add(path, document, objects);
                }
            }
        }
        for (JsonNode component : kustomization.path("components")) {
            Path path = root.resolve(component.asText()).normalize();
            if (!Files.isDirectory(path)) {
                throw new IllegalArgumentException(file + ": component " + component.asText() + " is not a directory");
            }
            apply(path, COMPONENT, objects);
        }
        for (JsonNode patch : kustomization.path("patches")) {
            patch(root, file, patch, objects);
        }
    }

    private static Path kustomizationFile(Path root) {
        List<Path> found = KUSTOMIZATION_FILES.stream()
                .map(root::resolve)
                .filter(Files::isRegularFile)
                .toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(
                    root + " must hold exactly one of " + KUSTOMIZATION_FILES + ", holds " + found.size());
        }
        return found.get(0);
    }

    /** A Kustomization where a resource is a directory, a Component where a component is. */
    private static void checkKind(Path file, JsonNode kustomization, String expectedKind) {
        String kind = kustomization.path("kind").asText(KUSTOMIZATION);
        String apiVersion = kustomization.path("apiVersion").asText();
        String expectedVersion =
                expectedKind.equals(COMPONENT) ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
        if (!kind.equals(expectedKind) || !apiVersion.equals(expectedVersion)) {
            throw new IllegalArgumentException(file + " is " + apiVersion + " " + kind + " where a " + expectedVersion
                    + " " + expectedKind + " is expected");
        }
    }

    /** kustomize's load restriction: files (not directories) only from the kustomization's directory down. */
    private static Path within(Path root, Path path, Path file) {
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException(
                    file + ": " + path + " is outside " + root + " (kustomize loads files only from below it)");
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(file + ": " + path + " does not exist");
        }
        return path;
    }

    private static void add(Path source, JsonNode document, Map<String, ObjectNode> objects) {
        if (!(document instanceof ObjectNode object)
                || object.path("apiVersion").asText().isEmpty()
                || object.path("kind").asText().isEmpty()
                || object.at("/metadata/name").asText().isEmpty()) {
            throw new IllegalArgumentException(source + ": a document without apiVersion, kind or metadata.name");
        }
        if (object.path("kind").asText().endsWith("List")) {
            throw new UnsupportedOperationException(source + ": MiniKustomize does not expand a List");
        }
        if (objects.putIfAbsent(id(object), object.deepCopy()) != null) {
            throw new IllegalArgumentException(source + ": " + id(object) + " is added twice");
        }
    }

    private static void patch(Path root, Path file, JsonNode entry, Map<String, ObjectNode> objects) {
        for (Iterator<String> fields = entry.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!PATCH_FIELDS.contains(field)) {
                throw new UnsupportedOperationException(file + ": MiniKustomize does not support '" + field
                        + "' in a patch (only " + PATCH_FIELDS + ")");
            }
        }
        if (entry.has("patch") == entry.has("path")) {
            throw new IllegalArgumentException(file + ": a patch needs exactly one of patch and path: " + entry);
        }
        JsonNode target = entry.path("target");
        if (!target.isObject()) {
            throw new UnsupportedOperationException(
                    file + ": MiniKustomize needs each patch's target (it infers none from the patch): " + entry);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = target.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!TARGET_FIELDS.contains(field.getKey())) {
                throw new UnsupportedOperationException(file + ": MiniKustomize does not select by target."
                        + field.getKey() + " (only " + TARGET_FIELDS + ")");
            }
            if (!field.getValue().asText().matches("[A-Za-z0-9.-]*")) {
                throw new UnsupportedOperationException(file + ": MiniKustomize matches target." + field.getKey()
                        + " literally, not as the pattern '" + field.getValue().asText() + "'");
            }
        }
        String text = entry.has("patch")
                ? entry.path("patch").asText()
                : read(within(root, root.resolve(entry.path("path").asText()).normalize(), file));
        JsonNode patch = Yaml.parse(text);
        if (!patch.isArray()) {
            throw new UnsupportedOperationException(
                    file + ": MiniKustomize applies JSON 6902 patches (a list of operations) only, not a strategic"
                            + " merge patch: " + entry);
        }
        List<ObjectNode> matched = objects.values().stream()
                .filter(object -> matches(target, object))
                .toList();
        if (matched.isEmpty()) {
            throw new IllegalArgumentException(file + ": the patch's target " + target + " matches no resource");
        }
        for (ObjectNode object : matched) {
            String before = id(object);
            JsonPatch.apply(patch, object);
            if (!id(object).equals(before)) {
                throw new UnsupportedOperationException(
                        file + ": MiniKustomize does not rename or move a resource by a patch (" + before + ")");
            }
        }
    }

    private static boolean matches(JsonNode target, JsonNode object) {
        return field(target, "group", group(object))
                && field(target, "version", version(object))
                && field(target, "kind", object.path("kind").asText())
                && field(target, "name", object.at("/metadata/name").asText())
                && field(target, "namespace", object.at("/metadata/namespace").asText());
    }

    private static boolean field(JsonNode target, String name, String value) {
        return !target.has(name) || target.path(name).asText().equals(value);
    }

    private static String group(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    private static String version(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
