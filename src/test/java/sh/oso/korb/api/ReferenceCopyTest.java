package sh.oso.korb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The repository's copy of the public reference page is the page itself: when the upstream page beside the
 * checkout changes, this fails until the copy is replaced (and korb accepts the new examples).
 */
class ReferenceCopyTest {

    @Test
    void theCopyIsTheUpstreamPageByteForByte() throws Exception {
        assumeTrue(
                Files.exists(ReferenceExamples.UPSTREAM),
                "no upstream page at " + ReferenceExamples.UPSTREAM
                        + " beside this checkout: the copy is not compared, the tests read the copy alone");

        assertThat(Files.readAllBytes(ReferenceExamples.REFERENCE))
                .as(
                        "%s differs from %s: copy the new page over it byte for byte",
                        ReferenceExamples.REFERENCE, ReferenceExamples.UPSTREAM)
                .isEqualTo(Files.readAllBytes(ReferenceExamples.UPSTREAM));
    }
}
