package sh.oso.korb.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.SnapshotId;

class DirectorySnapshotStoreTest {

    @TempDir
    Path directory;

    @TempDir
    Path outside;

    private static SnapshotStore.Content text(String value) {
        return out -> out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    private String readBack(SnapshotStore store, SnapshotId id) {
        return store.read(id, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void writesReadsListsAndDeletes() {
        DirectorySnapshotStore store = new DirectorySnapshotStore(directory.resolve("nested/snapshots"));
        SnapshotId b = SnapshotId.of("b");
        SnapshotId a = SnapshotId.of("a");

        store.write(b, text("B"), SnapshotStore.WriteMode.CREATE);
        store.write(a, text("A"), SnapshotStore.WriteMode.CREATE);

        assertThat(readBack(store, a)).isEqualTo("A");
        assertThat(store.list()).extracting(StoredSnapshot::id).containsExactly(a, b);
        assertThat(store.exists(a)).isTrue();
        store.delete(a);
        assertThat(store.exists(a)).isFalse();
        assertThatThrownBy(() -> store.delete(a)).isInstanceOf(SnapshotNotFoundException.class);
        assertThatThrownBy(() -> readBack(store, a)).isInstanceOf(SnapshotNotFoundException.class);
    }

    @Test
    void createNeverReplacesAndReplaceDoes() {
        DirectorySnapshotStore store = new DirectorySnapshotStore(directory);
        SnapshotId id = SnapshotId.of("s");
        store.write(id, text("first"), SnapshotStore.WriteMode.CREATE);

        assertThatThrownBy(() -> store.write(id, text("second"), SnapshotStore.WriteMode.CREATE))
                .isInstanceOf(SnapshotExistsException.class);
        assertThat(readBack(store, id)).isEqualTo("first");

        store.write(id, text("third"), SnapshotStore.WriteMode.REPLACE);
        assertThat(readBack(store, id)).isEqualTo("third");
    }

    @Test
    void ofConcurrentCreatorsExactlyOneWins() throws Exception {
        DirectorySnapshotStore store = new DirectorySnapshotStore(directory);
        SnapshotId id = SnapshotId.of("contended");
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String content = "writer-" + i;
            Callable<String> create = () -> {
                start.await();
                try {
                    store.write(id, text(content), SnapshotStore.WriteMode.CREATE);
                    return content;
                } catch (SnapshotExistsException e) {
                    return null;
                }
            };
            outcomes.add(pool.submit(create));
        }
        start.countDown();
        List<String> winners = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            if (outcome.get() != null) {
                winners.add(outcome.get());
            }
        }
        pool.shutdown();

        assertThat(winners).hasSize(1);
        assertThat(readBack(store, id)).isEqualTo(winners.get(0));
        assertThat(listing()).containsExactly("contended.json");
    }

    @Test
    void aFailedWriteLeavesNothingUnderTheRealNameAndNoTemporaryFile() throws Exception {
        DirectorySnapshotStore store = new DirectorySnapshotStore(directory);
        SnapshotId id = SnapshotId.of("crash");

        assertThatThrownBy(() -> store.write(
                        id,
                        out -> {
                            out.write("{\"groups\":{".getBytes(StandardCharsets.UTF_8));
                            throw new IOException("disk full");
                        },
                        SnapshotStore.WriteMode.CREATE))
                .hasMessageContaining("disk full");

        assertThat(listing()).isEmpty();
    }

    @Test
    void aFailedReplaceKeepsTheOldSnapshot() throws Exception {
        DirectorySnapshotStore store = new DirectorySnapshotStore(directory);
        SnapshotId id = SnapshotId.of("kept");
        store.write(id, text("good"), SnapshotStore.WriteMode.CREATE);

        assertThatThrownBy(() -> store.write(
                id,
                out -> {
                    throw new IOException("broker went away mid-write");
                },
                SnapshotStore.WriteMode.REPLACE));

        assertThat(readBack(store, id)).isEqualTo("good");
        assertThat(listing()).containsExactly("kept.json");
    }

    @Test
    void listIgnoresFilesThatAreNotSnapshots() throws Exception {
        Files.writeString(directory.resolve("notes.txt"), "x");
        Files.writeString(directory.resolve(".s.json.123.tmp"), "x");
        Files.writeString(directory.resolve("ok.json"), "{}");

        assertThat(new DirectorySnapshotStore(directory).list())
                .containsExactly(new StoredSnapshot(SnapshotId.of("ok"), 2));
    }

    @Test
    void aSymbolicLinkIsNeverFollowedAndNothingOfItsTargetIsShown() throws Exception {
        Path secret = Files.writeString(outside.resolve("token"), "hunter2-secret-token\n");
        SnapshotId id = SnapshotId.of("linked");
        Files.createSymbolicLink(directory.resolve(id.fileName()), secret);
        DirectorySnapshotStore store = new DirectorySnapshotStore(directory);
        SnapshotRepository snapshots = new SnapshotRepository(store);

        assertThatThrownBy(() -> snapshots.load(id))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(store.locationOf(id))
                .hasMessageContaining("is a symbolic link")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> snapshots.summary(id)).isInstanceOf(StorageException.class);
        assertThat(store.list()).as("a link is not a snapshot korb wrote").isEmpty();
        assertThat(store.exists(id)).as("but the name is taken").isTrue();
        assertThatThrownBy(() -> snapshots.save(SnapshotStoreContract.sample("linked", 1), false))
                .isInstanceOf(SnapshotExistsException.class);
        assertThat(Files.readString(secret)).isEqualTo("hunter2-secret-token\n");
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        SnapshotId id = SnapshotId.of("fifo");
        Fifos.make(directory.resolve(id.fileName()));
        DirectorySnapshotStore store = new DirectorySnapshotStore(directory);
        SnapshotRepository snapshots = new SnapshotRepository(store);

        // Opening a FIFO for reading blocks until a writer comes: korb must not open it at all.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> snapshots.load(id))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("is not a regular file");
            assertThat(store.list()).isEmpty();
        });
    }

    @Test
    void aPathThatIsAFileIsNotADirectoryEvenWithOverwrite() throws Exception {
        Path file = Files.writeString(directory.resolve("not-a-directory"), "x");

        assertThatThrownBy(() -> new DirectorySnapshotStore(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--pvc-path " + file + " is not a directory")
                .hasMessageNotContaining("already exists")
                .hasMessageNotContaining("--overwrite");
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
