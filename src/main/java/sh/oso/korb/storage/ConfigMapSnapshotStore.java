package sh.oso.korb.storage;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.error.SnapshotTooLargeException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * The {@code configMap} store: one ConfigMap holds many snapshots, one data key {@code <snapshotId>.json}
 * each, so {@code kubectl get configmap NAME -o jsonpath='{.data.ID\.json}'} prints one. Every change is a
 * read-modify-write guarded by the resourceVersion and retried on conflict, so concurrent writers of
 * different snapshots all survive. A ConfigMap holds at most 1 MiB: a snapshot that would not fit is
 * refused before anything is written.
 */
public final class ConfigMapSnapshotStore implements SnapshotStore {

    /** What the API server accepts in one ConfigMap's data, keys included. */
    public static final int MAX_BYTES = 1024 * 1024;

    static final Map<String, String> LABELS =
            Map.of("app.kubernetes.io/managed-by", "korb", "app.kubernetes.io/component", "offset-snapshots");
    private static final int MAX_ATTEMPTS = 64;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final boolean closeClient;

    public ConfigMapSnapshotStore(KubernetesClient client, String namespace, String name, boolean closeClient) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.closeClient = closeClient;
    }

    private Resource<ConfigMap> configMap() {
        return client.configMaps().inNamespace(namespace).withName(name);
    }

    @Override
    public void write(SnapshotId id, Content content, WriteMode mode) {
        String value = render(id, content);
        String key = id.fileName();
        modify(
                "write snapshot '" + id + "'",
                data -> {
                    if (mode == WriteMode.CREATE && data.containsKey(key)) {
                        throw SnapshotExistsException.at(id.value(), locationOf(id));
                    }
                    Map<String, String> updated = new HashMap<>(data);
                    updated.put(key, value);
                    long size = sizeOf(updated);
                    if (size > MAX_BYTES) {
                        throw new SnapshotTooLargeException("snapshot '" + id + "' does not fit in ConfigMap "
                                + namespace
                                + "/" + name + ": it would hold " + kib(size) + " and a ConfigMap holds at most 1 MiB"
                                + " (the snapshot alone is " + kib(utf8(value) + utf8(key))
                                + "): use --storage-type s3 or pvc"
                                + " for large snapshots, or another --configmap-name");
                    }
                    return updated;
                },
                true);
    }

    /** Renders the snapshot in memory, refusing as soon as it passes the ConfigMap limit. */
    private String render(SnapshotId id, Content content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream limited = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                if (bytes.size() + length > MAX_BYTES) {
                    throw new SnapshotTooLargeException("snapshot '" + id + "' is larger than 1 MiB, the most a"
                            + " ConfigMap holds: use --storage-type s3 or pvc for large snapshots");
                }
                bytes.write(buffer, offset, length);
            }
        }) {
            content.writeTo(limited);
        } catch (IOException e) {
            throw new StorageException("could not render snapshot '" + id + "': " + e.getMessage(), e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public <T> T read(SnapshotId id, ContentReader<T> reader) {
        String value = data().get(id.fileName());
        if (value == null) {
            throw SnapshotNotFoundException.at(id.value(), locationOf(id));
        }
        try {
            return reader.read(new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw StoredSnapshots.readFailure(this, id, e);
        }
    }

    @Override
    public boolean exists(SnapshotId id) {
        return data().containsKey(id.fileName());
    }

    @Override
    public List<StoredSnapshot> list() {
        List<StoredSnapshot> snapshots = new ArrayList<>();
        data().forEach((key, value) -> {
            SnapshotId id = SnapshotId.fromFileName(key);
            if (id != null) {
                snapshots.add(new StoredSnapshot(id, utf8(value)));
            }
        });
        snapshots.sort(StoredSnapshots.BY_ID);
        return snapshots;
    }

    @Override
    public void delete(SnapshotId id) {
        String key = id.fileName();
        modify(
                "delete snapshot '" + id + "'",
                data -> {
                    if (!data.containsKey(key)) {
                        throw SnapshotNotFoundException.at(id.value(), locationOf(id));
                    }
                    Map<String, String> updated = new HashMap<>(data);
                    updated.remove(key);
                    return updated;
                },
                false);
    }

    @Override
    public String locationOf(SnapshotId id) {
        return "configmap " + namespace + "/" + name + " key " + id.fileName();
    }

    @Override
    public void close() {
        if (closeClient) {
            client.close();
        }
    }

    private Map<String, String> data() {
        ConfigMap current = call("read", () -> configMap().get());
        return current == null || current.getData() == null ? Map.of() : current.getData();
    }

    /**
     * Applies {@code change} to the ConfigMap's data with optimistic locking: a write made by someone else
     * since it was read makes the update fail with 409, and the change is applied again to the new data.
     */
    private void modify(String action, UnaryOperator<Map<String, String>> change, boolean createIfAbsent) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            ConfigMap current = call(action, () -> configMap().get());
            try {
                if (current == null) {
                    if (!createIfAbsent) {
                        change.apply(Map.of());
                        return;
                    }
                    client.configMaps()
                            .inNamespace(namespace)
                            .resource(new ConfigMapBuilder()
                                    .withNewMetadata()
                                    .withName(name)
                                    .withNamespace(namespace)
                                    .withLabels(LABELS)
                                    .endMetadata()
                                    .withData(change.apply(Map.of()))
                                    .build())
                            .create();
                } else {
                    Map<String, String> data = current.getData() == null ? Map.of() : current.getData();
                    current.setData(change.apply(data));
                    client.configMaps().inNamespace(namespace).resource(current).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw failure(action, e);
                }
                pauseBeforeRetry(attempt);
            }
        }
        throw new StorageException("could not " + action + " in ConfigMap " + namespace + "/" + name + ": "
                + MAX_ATTEMPTS + " concurrent updates in a row won; try again");
    }

    private <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw failure(action, e);
        }
    }

    private StorageException failure(String action, KubernetesClientException e) {
        if (e.getCode() <= 0) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new StorageException(
                    "could not " + action + " in ConfigMap " + namespace + "/" + name
                            + ": the Kubernetes API is unreachable ("
                            + cause.getClass().getSimpleName() + ": "
                            + cause.getMessage()
                            + "); korb uses the pod's service account, or ~/.kube/config outside a pod",
                    e);
        }
        String hint = e.getCode() == 403
                ? ": grant korb's service account get, create and update on configmaps in " + namespace
                : "";
        return new StorageException(
                "could not " + action + " in ConfigMap " + namespace + "/" + name + " (HTTP " + e.getCode() + ")" + hint
                        + ": " + e.getMessage(),
                e);
    }

    private static void pauseBeforeRetry(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while retrying a ConfigMap update", e);
        }
    }

    private static long sizeOf(Map<String, String> data) {
        return data.entrySet().stream()
                .mapToLong(entry -> utf8(entry.getKey()) + utf8(entry.getValue()))
                .sum();
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String kib(long bytes) {
        return String.format("%.1f KiB", bytes / 1024.0);
    }
}
