package sh.oso.korb.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Output format, result files and log verbosity; shared by every command. */
final class OutputOptions {

    enum Format {
        text,
        json
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Output format on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    static final String RESULTS_DIR = "--results-dir";

    @Option(
            names = RESULTS_DIR,
            paramLabel = "DIR",
            description = "Write one small file per result for Tekton/Argo results: phase, reason, exit-code and"
                    + " message, and the command's own (snapshot-id, groups, ...: see the README).")
    Path resultsDir;

    static final String TERMINATION_MESSAGE_PATH = "--termination-message-path";

    @Option(
            names = TERMINATION_MESSAGE_PATH,
            paramLabel = "FILE",
            description = "Write every result of --results-dir as one compact JSON object of at most 4096 bytes to"
                    + " this file, for a Kubernetes Job's termination message (/dev/termination-log).")
    Path terminationMessagePath;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log the Kafka client's own INFO output too.")
    boolean verbose;

    boolean json() {
        return format == Format.json;
    }
}
