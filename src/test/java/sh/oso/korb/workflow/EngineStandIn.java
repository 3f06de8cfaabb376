package sh.oso.korb.workflow;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An engine's controller as far as korb's controller can tell, against the fabric8 mock API server: it picks up
 * each run korb's controller creates (a PipelineRun, a Workflow, a Job), runs it with the real executor against
 * the real broker and stores, and writes back the run's status as that engine does.
 */
public interface EngineStandIn extends AutoCloseable {

    /** Starts picking up runs. */
    EngineStandIn start();

    /** Keeps runs matching {@code run} started but unfinished until {@link #release()}. */
    EngineStandIn hold(Predicate<HasMetadata> run);

    /** Lets every held run finish. */
    void release();

    /** A PersistentVolumeClaim of this name is this directory. */
    EngineStandIn claim(String name, Path directory);

    @Override
    void close();

    /**
     * Stops the stand-in's threads and waits for a run in progress to end, so that nothing writes into a test's
     * directory after the test, whose cleanup would then fail.
     */
    static void stop(ExecutorService... pools) {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
        }
        for (ExecutorService pool : pools) {
            try {
                if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a stand-in's run did not stop within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * What the kubelet reports, never starting the pod, for a volume whose Secret or ConfigMap ({@code kind}: "secret",
     * "configmap") does not exist and is not optional.
     */
    static WorkflowException volumeNotFound(String volume, String kind, String name) {
        return new WorkflowException(
                "MountVolume.SetUp failed for volume \"" + volume + "\" : " + kind + " \"" + name + "\" not found");
    }

    /** A Secret's keys, as the kubelet mounts them. The API server folds stringData into data; the mock keeps both. */
    static Map<String, byte[]> files(Secret secret) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Optional.ofNullable(secret.getData())
                .orElse(Map.of())
                .forEach((key, value) -> files.put(key, Base64.getDecoder().decode(value)));
        Optional.ofNullable(secret.getStringData())
                .orElse(Map.of())
                .forEach((key, value) -> files.put(key, value.getBytes(StandardCharsets.UTF_8)));
        return files;
    }

    /** A ConfigMap's keys, as the kubelet mounts them. */
    static Map<String, byte[]> files(ConfigMap configMap) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Optional.ofNullable(configMap.getData())
                .orElse(Map.of())
                .forEach((key, value) -> files.put(key, value.getBytes(StandardCharsets.UTF_8)));
        return files;
    }

    /** The files written into this directory (created), which a volume then mounts. */
    static Path mount(Path directory, Map<String, byte[]> files) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(directory.resolve(file.getKey()), file.getValue());
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
