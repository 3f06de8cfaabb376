package sh.oso.korb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.controller.ControllerConfig;
import sh.oso.korb.controller.Engines;
import sh.oso.korb.error.ExitCode;
import sh.oso.korb.error.InvalidInputException;

@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Print, as YAML, the run the controller would create for each KafkaOffsetRollback and"
                    + " KafkaOffsetReset in a file: a Tekton PipelineRun, an Argo Workflow or a Kubernetes Job, by"
                    + " --engine or the korb.oso.sh/engine annotation (one of --engines, as for the controller)."
                    + " Needs no cluster; the controller's own code renders it.",
            "A spec the controller would refuse is refused with the controller's message (reason InvalidSpec,"
                    + " exit 2); a field the resource does not have, or a document of another kind, with reason"
                    + " InvalidInput (exit 2). Secrets are named, never read."
        })
final class RenderCommand implements Callable<Integer> {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "FILE",
            description = "The resources, one or more YAML documents; - for standard input.")
    private String file;

    @Mixin
    private EngineOptions engineOptions = new EngineOptions();

    @Option(
            names = {"-n", "--namespace"},
            defaultValue = "default",
            description = "The namespace of resources that name none, as kubectl's (default: ${DEFAULT-VALUE}).")
    private String namespace;

    @Override
    public Integer call() throws IOException {
        List<HasMetadata> resources;
        try (Reader yaml = open()) {
            resources = ResourceDocuments.read(yaml, "-".equals(file) ? "standard input" : file);
        }
        Engines engines = new Engines(config());
        List<HasMetadata> runs = new ArrayList<>();
        for (HasMetadata resource : resources) {
            if (resource.getMetadata().getNamespace() == null) {
                resource.getMetadata().setNamespace(namespace);
            }
            // all or nothing: nothing printed when one is refused
            runs.add(
                    resource instanceof KafkaOffsetReset reset
                            ? engines.render(reset)
                            : engines.render((KafkaOffsetRollback) resource));
        }
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < runs.size(); i++) {
            if (i > 0) {
                out.println("---");
            }
            out.print(YAML.writeValueAsString(runs.get(i)));
        }
        out.flush();
        return ExitCode.SUCCESS.code();
    }

    /** The configuration of a controller started with the same engine flags: render refuses what it would. */
    private ControllerConfig config() {
        return new ControllerConfig(
                Set.of(),
                engineOptions.executorImage,
                engineOptions.executorAccount,
                Duration.ofSeconds(5),
                -1,
                ControllerConfig.DEFAULT_DELETE_RETRY,
                engineOptions.engine,
                engineOptions.enabled());
    }

    private Reader open() throws IOException {
        if ("-".equals(file)) {
            return new InputStreamReader(System.in, StandardCharsets.UTF_8);
        }
        try {
            return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--filename: " + file + " does not exist", e);
        }
    }
}
