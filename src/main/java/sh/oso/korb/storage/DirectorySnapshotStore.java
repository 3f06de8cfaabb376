package sh.oso.korb.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * The {@code pvc} store: one file {@code <dir>/<snapshotId>.json} per snapshot, in a directory that in
 * Kubernetes is a mounted PersistentVolumeClaim. A snapshot is written to a hidden temporary file, flushed
 * to disk, and only then given its real name, so a crash never leaves a half-written snapshot behind.
 */
public final class DirectorySnapshotStore implements SnapshotStore {

    private final Path directory;

    public DirectorySnapshotStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public void write(SnapshotId id, Content content, WriteMode mode) {
        Path target = pathOf(id);
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, "." + id.value() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            publish(temporary, target, mode);
            syncDirectory();
        } catch (FileAlreadyExistsException e) {
            throw SnapshotExistsException.at(id.value(), locationOf(id));
        } catch (AccessDeniedException e) {
            throw new StorageException(
                    "permission denied writing " + directory
                            + ": the directory must be writable by korb's user (check the volume's fsGroup)",
                    e);
        } catch (IOException e) {
            throw StoredSnapshots.writeFailure(this, id, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private void publish(Path temporary, Path target, WriteMode mode) throws IOException {
        if (mode == WriteMode.REPLACE) {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try {
            // link(2) fails atomically when the name is taken, unlike an exists-check followed by a rename.
            Files.createLink(target, temporary);
        } catch (UnsupportedOperationException e) {
            Files.move(temporary, target);
        }
    }

    @Override
    public <T> T read(SnapshotId id, ContentReader<T> reader) {
        Path path = pathOf(id);
        try (InputStream in = Files.newInputStream(path)) {
            return reader.read(in);
        } catch (NoSuchFileException e) {
            throw SnapshotNotFoundException.at(id.value(), locationOf(id));
        } catch (IOException e) {
            throw StoredSnapshots.readFailure(this, id, e);
        }
    }

    @Override
    public boolean exists(SnapshotId id) {
        return Files.isRegularFile(pathOf(id));
    }

    @Override
    public List<StoredSnapshot> list() {
        if (!Files.isDirectory(directory)) {
            throw new StorageException("snapshot directory " + directory + " does not exist: check --pvc-path");
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<StoredSnapshot> snapshots = new ArrayList<>();
            for (Path file : (Iterable<Path>) files::iterator) {
                SnapshotId id = SnapshotId.fromFileName(file.getFileName().toString());
                if (id != null && Files.isRegularFile(file)) {
                    snapshots.add(new StoredSnapshot(id, Files.size(file)));
                }
            }
            snapshots.sort(StoredSnapshots.BY_ID);
            return snapshots;
        } catch (IOException e) {
            throw new StorageException("could not list snapshots in " + directory + ": " + e, e);
        }
    }

    @Override
    public void delete(SnapshotId id) {
        try {
            Files.delete(pathOf(id));
            syncDirectory();
        } catch (NoSuchFileException e) {
            throw SnapshotNotFoundException.at(id.value(), locationOf(id));
        } catch (IOException e) {
            throw new StorageException("could not delete snapshot '" + id + "' at " + pathOf(id) + ": " + e, e);
        }
    }

    @Override
    public String locationOf(SnapshotId id) {
        return pathOf(id).toString();
    }

    private Path pathOf(SnapshotId id) {
        // SnapshotId admits no separators, so the result always stays inside the directory.
        return directory.resolve(id.fileName());
    }

    // Makes the rename itself durable; some filesystems cannot open a directory, which is fine to skip.
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a stray hidden temporary file is harmless and never read as a snapshot
            }
        }
    }
}
