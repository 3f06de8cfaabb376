package sh.oso.korb.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * The {@code pvc} store: one file {@code <dir>/<snapshotId>.json} per snapshot, in a directory that in
 * Kubernetes is a mounted PersistentVolumeClaim. A snapshot is written to a hidden temporary file, flushed
 * to disk, and only then given its real name, so a crash never leaves a half-written snapshot behind.
 *
 * <p>Anyone who can write to the volume can put other things under a snapshot's name. korb reads only what it
 * writes, regular files: a symbolic link is not followed (it could point at a secret, whose content a parse error
 * would then show) and a FIFO or device is not opened (reading a FIFO blocks until someone writes to it).
 */
public final class DirectorySnapshotStore implements SnapshotStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Permissions of a new snapshot file, as before: only korb's user reads it. */
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path directory;

    /** Refuses a path that exists but is no directory; a missing one is created by the first write. */
    public DirectorySnapshotStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        if (Files.exists(this.directory) && !Files.isDirectory(this.directory)) {
            throw new InvalidInputException("--pvc-path " + this.directory + " is not a directory: pass the directory"
                    + " where the PersistentVolumeClaim is mounted");
        }
    }

    @Override
    public void write(SnapshotId id, Content content, WriteMode mode) {
        Path target = pathOf(id);
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            Path created = temporaryFile();
            try (FileChannel channel = createNew(created)) {
                temporary = created;
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

    /**
     * A hidden name of fixed length, whatever the id's: {@code .korb-<random>.tmp}. Hidden names are never
     * snapshots (an id starts with a letter or digit), and a fixed length keeps every allowed id writable.
     */
    private Path temporaryFile() {
        return directory.resolve(".korb-" + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
    }

    /** Creates the file, failing if anything (a link included: O_EXCL does not follow) has that name. */
    private static FileChannel createNew(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        return FileChannel.open(file, options);
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
        try {
            requireRegularFile(id, Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            // NOFOLLOW_LINKS again when opening: a link put there since the check is refused, not followed.
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                return reader.read(in);
            }
        } catch (NoSuchFileException e) {
            throw SnapshotNotFoundException.at(id.value(), locationOf(id));
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(path)) {
                throw notAFileKorbWrote(id, "a symbolic link");
            }
            throw StoredSnapshots.readFailure(this, id, e);
        } catch (IOException e) {
            throw StoredSnapshots.readFailure(this, id, e);
        }
    }

    private void requireRegularFile(SnapshotId id, BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            throw notAFileKorbWrote(id, "a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            throw notAFileKorbWrote(id, "not a regular file (a directory, FIFO or device)");
        }
    }

    private StorageException notAFileKorbWrote(SnapshotId id, String what) {
        return new StorageException("snapshot '" + id + "' at " + locationOf(id) + " is " + what + ", which korb"
                + " never writes, so it does not read it either: remove it, or put the snapshot file itself there");
    }

    /** Whether anything has the snapshot's name: a link or FIFO there takes the name as a snapshot would. */
    @Override
    public boolean exists(SnapshotId id) {
        return Files.exists(pathOf(id), LinkOption.NOFOLLOW_LINKS);
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
                BasicFileAttributes attributes = id == null ? null : attributesOf(file);
                if (attributes != null && attributes.isRegularFile()) {
                    snapshots.add(new StoredSnapshot(id, attributes.size()));
                }
            }
            snapshots.sort(StoredSnapshots.BY_ID);
            return snapshots;
        } catch (IOException e) {
            throw new StorageException("could not list snapshots in " + directory + ": " + e, e);
        }
    }

    /** The file's own attributes (a link's, not its target's), or null when it went away since the listing. */
    private static BasicFileAttributes attributesOf(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
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
