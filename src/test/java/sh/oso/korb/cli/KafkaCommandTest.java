package sh.oso.korb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Command tests against the shared embedded broker, each with its own topics, groups and pvc store. */
abstract class KafkaCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    KorbFixture kafka;

    @BeforeEach
    void createTopicsAndGroups() throws Exception {
        kafka = new KorbFixture(store);
    }
}
