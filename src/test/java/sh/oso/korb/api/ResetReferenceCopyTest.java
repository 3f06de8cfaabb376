package sh.oso.korb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The repository's copy of the KafkaOffsetReset reference is the page itself, as ReferenceCopyTest for the rollback. */
class ResetReferenceCopyTest {

    @Test
    void theCopyIsTheUpstreamPageByteForByte() throws Exception {
        assumeTrue(
                Files.exists(ResetReferenceExamples.UPSTREAM),
                "no upstream page at " + ResetReferenceExamples.UPSTREAM
                        + " beside this checkout: the copy is not compared, the tests read the copy alone");

        assertThat(Files.readAllBytes(ResetReferenceExamples.REFERENCE))
                .as(
                        "%s differs from %s: copy the new page over it byte for byte",
                        ResetReferenceExamples.REFERENCE, ResetReferenceExamples.UPSTREAM)
                .isEqualTo(Files.readAllBytes(ResetReferenceExamples.UPSTREAM));
    }
}
