package sh.oso.korb.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The pvc store on a real temporary directory (crash safety is in {@link DirectorySnapshotStoreTest}). */
class DirectoryStoreContractTest extends SnapshotStoreContract {

    @TempDir
    Path directory;

    @Override
    protected SnapshotStore openEmptyStore() {
        return new DefaultSnapshotStoreFactory().open(new StorageConfig.Pvc(directory.resolve("snapshots")));
    }
}
