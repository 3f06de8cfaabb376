package sh.oso.korb.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Azurite, Microsoft's Azure Storage emulator (npm package {@code azurite}), as a real blob endpoint on
 * 127.0.0.1 with in-memory persistence, shared by the test run. It is installed into {@code tools/azurite}
 * by {@code .ci/run}, or here with npm when missing; tests that need it are skipped, saying why, on a
 * machine without Node.js.
 */
public final class Azurite {

    /** Azurite's well-known development account (public, documented by Microsoft). */
    public static final String ACCOUNT = "devstoreaccount1";

    private static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Path INSTALL = Path.of("tools", "azurite");
    private static final Path BINARY = INSTALL.resolve("node_modules/.bin/azurite-blob");

    private static Azurite running;
    private static String unavailable;

    private final Process process;
    private final int port;

    private Azurite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The shared emulator; skips the calling test when it cannot run on this machine. */
    public static synchronized Azurite shared() {
        if (running == null && unavailable == null) {
            try {
                running = start();
            } catch (IOException | InterruptedException | RuntimeException e) {
                unavailable = e.getMessage();
            }
        }
        assumeTrue(
                running != null,
                () -> "Azurite is not available (" + unavailable
                        + "); install Node.js and run: npm ci --prefix tools/azurite");
        return running;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
    }

    private static Azurite start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            install();
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path workspace = Files.createTempDirectory("azurite");
        Process process = new ProcessBuilder(
                        BINARY.toAbsolutePath().toString(),
                        "--blobHost",
                        "127.0.0.1",
                        "--blobPort",
                        String.valueOf(port),
                        "--inMemoryPersistence",
                        "--skipApiVersionCheck",
                        "--silent")
                .directory(workspace.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workspace.resolve("azurite.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "azurite-stop"));
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || listening(port));
        } catch (ConditionTimeoutException e) {
            process.destroy();
            throw new IllegalStateException("Azurite did not listen on port " + port + " within 30 s");
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("Azurite exited: " + Files.readString(workspace.resolve("azurite.log")));
        }
        return new Azurite(process, port);
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void install() throws IOException, InterruptedException {
        String npm = System.getProperty("os.name").startsWith("Windows") ? "npm.cmd" : "npm";
        // npm's output goes to a file: written to this JVM's own stdout it corrupts Surefire's channel to Maven
        File log = INSTALL.resolve("npm-install.log").toFile();
        Process install;
        try {
            install = new ProcessBuilder(List.of(
                            npm,
                            Files.exists(INSTALL.resolve("package-lock.json")) ? "ci" : "install",
                            "--no-audit",
                            "--no-fund",
                            "--loglevel=error"))
                    .directory(new File(INSTALL.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("npm is not installed", e);
        }
        if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
            throw new IllegalStateException("npm could not install Azurite into " + INSTALL + "; see " + log);
        }
    }
}
