package sh.oso.korb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import sh.oso.korb.cli.Korb;
import sh.oso.korb.controller.ControllerConfig;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.workflow.Yaml;

/**
 * What {@code kubectl apply -k} of one of deploy/'s kustomizations installs (built by {@link MiniKustomize}), and
 * what the controller it installs runs as: its arguments as {@code korb controller} parses them, and what its
 * ServiceAccount is granted.
 */
public record Installation(String name, List<ObjectNode> objects) {

    public static final Path DEPLOY = Yaml.PROJECT.resolve("deploy");
    public static final String NAMESPACE = "korb-system";
    public static final String SERVICE_ACCOUNT = "korb-controller";

    /** The kustomization in this directory of deploy/ ("" for deploy/ itself), built. */
    public static Installation of(String directory) {
        return new Installation(directory, MiniKustomize.build(DEPLOY.resolve(directory)));
    }

    /** deploy/overlays/ENGINE. */
    public static Installation overlay(EngineKind engine) {
        return of("overlays/" + engine.value());
    }

    /** Every kustomization one may install: deploy/ itself, each of deploy/overlays/ and of deploy/examples/. */
    public static List<String> directories() {
        List<String> directories = new ArrayList<>();
        directories.add("");
        for (String parent : List.of("overlays", "examples")) {
            try (Stream<Path> children = Files.list(DEPLOY.resolve(parent))) {
                children.filter(Files::isDirectory)
                        .sorted()
                        .forEach(child -> directories.add(parent + "/" + child.getFileName()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directories;
    }

    public List<ObjectNode> ofKind(String kind) {
        return objects.stream()
                .filter(object -> object.path("kind").asText().equals(kind))
                .toList();
    }

    /** The controller's container, in the one Deployment there is. */
    public JsonNode controllerContainer() {
        assertThat(ofKind("Deployment")).as(name + ": one Deployment").hasSize(1);
        return ofKind("Deployment").get(0).at("/spec/template/spec/containers/0");
    }

    /** The container's args: the image's entrypoint is korb, so they are korb's command line. */
    public List<String> args() {
        assertThat(controllerContainer().has("command"))
                .as(name + ": the image's entrypoint (korb) runs")
                .isFalse();
        List<String> args = new ArrayList<>();
        controllerContainer().path("args").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    /**
     * {@code base} on the engines the container's args name, as the real {@code korb controller} parses them
     * (picocli, with korb's converters and defaults, and no KORB_* variable set).
     */
    public ControllerConfig controllerConfig(ControllerConfig base) {
        CommandLine korb = Korb.commandLine(Map.of(), null, null, null);
        CommandLine.ParseResult parsed = korb.parseArgs(args().toArray(String[]::new));
        assertThat(parsed.hasSubcommand()).as(name + ": args " + args()).isTrue();
        CommandLine.Model.CommandSpec controller = parsed.subcommand().commandSpec();
        assertThat(controller.name()).isEqualTo("controller");
        EngineKind engine = controller.findOption("--engine").getValue();
        List<EngineKind> engines = controller.findOption("--engines").getValue();
        return new ControllerConfig(
                base.namespaces(),
                base.executorImage(),
                base.executorAccount(),
                base.conflictRecheck(),
                base.httpPort(),
                base.deleteRetry(),
                engine,
                engines.isEmpty() ? EnumSet.noneOf(EngineKind.class) : EnumSet.copyOf(engines));
    }

    /** What the controller's ServiceAccount may do: the rules of every ClusterRole bound to it. */
    public Set<Permission> controllerPermissions() {
        Set<Permission> permissions = new LinkedHashSet<>();
        for (JsonNode role : rolesOfTheController()) {
            role.path("rules").forEach(rule -> permissions.addAll(Permission.of(rule)));
        }
        return permissions;
    }

    /** The ClusterRoles the ClusterRoleBindings bind to the controller's ServiceAccount. */
    public List<JsonNode> rolesOfTheController() {
        Set<String> bound = new LinkedHashSet<>();
        for (JsonNode binding : ofKind("ClusterRoleBinding")) {
            for (JsonNode subject : binding.path("subjects")) {
                if (subject.path("kind").asText().equals("ServiceAccount")
                        && subject.path("name").asText().equals(SERVICE_ACCOUNT)
                        && subject.path("namespace").asText().equals(NAMESPACE)) {
                    bound.add(binding.at("/roleRef/name").asText());
                }
            }
        }
        return ofKind("ClusterRole").stream()
                .filter(role -> bound.contains(role.at("/metadata/name").asText()))
                .map(JsonNode.class::cast)
                .toList();
    }

    @Override
    public String toString() {
        return "deploy/" + name;
    }
}
