package sh.oso.korb.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Output format, result files and log verbosity; shared by every command. */
final class OutputOptions {

    enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "Write one small file per result (snapshot-id, groups, total-partitions, timestamp,"
                    + " matched, differences, phase, message) for Tekton/Argo results.")
    Path resultsDir;

    @Option(names = {"-v", "--verbose"}, description = "Log the Kafka client's own INFO output too.")
    boolean verbose;

    boolean json() {
        return format == Format.json;
    }
}
