package sh.oso.korb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process, timed from start to exit as a Tekton step pays for it, with its peak resident memory from
 * GNU time (when the machine has /usr/bin/time).
 */
final class ChildProcess {

    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    /** {@code stopped}: killed at the time limit; {@code seconds} is then that limit, a lower bound. */
    record Result(int exitCode, double seconds, long peakRssKb, Path stdout, Path stderr, boolean stopped) {
        String describe() {
            try {
                return "exit " + exitCode + "\n" + Files.readString(stderr);
            } catch (IOException e) {
                return "exit " + exitCode;
            }
        }
    }

    private ChildProcess() {}

    static Result run(List<String> command, Map<String, String> environment, Path work, String name)
            throws IOException, InterruptedException {
        return run(command, environment, work, name, Duration.ofHours(1));
    }

    static Result run(List<String> command, Map<String, String> environment, Path work, String name, Duration limit)
            throws IOException, InterruptedException {
        Path stdout = work.resolve(name + ".out");
        Path stderr = work.resolve(name + ".err");
        Path memory = work.resolve(name + ".rss");
        List<String> full = new ArrayList<>();
        boolean measured = Files.isExecutable(GNU_TIME);
        if (measured) {
            full.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", memory.toString()));
        }
        full.addAll(command);
        ProcessBuilder builder =
                new ProcessBuilder(full).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            return new Result(-1, limit.toMillis() / 1e3, -1, stdout, stderr, true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rss = measured && Files.exists(memory) ? Long.parseLong(lastLine(memory)) : -1;
        return new Result(process.exitValue(), seconds, rss, stdout, stderr, false);
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.isEmpty() ? "-1" : lines.get(lines.size() - 1).trim();
    }
}
