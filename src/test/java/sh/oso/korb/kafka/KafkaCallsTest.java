package sh.oso.korb.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;
import sh.oso.korb.error.ExitCode;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.OutOfMemoryException;

/** How a failed Kafka call reaches the user. */
class KafkaCallsTest {

    private final KafkaConfig config = new KafkaConfig("localhost:9092", Duration.ofSeconds(5), 4, Map.of());

    @Test
    void runningOutOfHeapOnTheClientThreadSaysWhatToDoAboutIt() {
        KafkaFutureImpl<String> answer = new KafkaFutureImpl<>();
        answer.completeExceptionally(new OutOfMemoryError("Java heap space"));

        assertThatThrownBy(() -> KafkaCalls.await(answer, "fetching the committed offsets of 1000 group(s)", config))
                .isInstanceOf(OutOfMemoryException.class)
                .hasMessageStartingWith(
                        "out of memory while fetching the committed offsets of 1000 group(s) (heap limit ")
                .hasMessageContaining("list fewer groups per run, or raise the memory limit")
                .satisfies(
                        error -> assertThat(((KorbException) error).exitCode()).isEqualTo(ExitCode.FAILED));
    }

    @Test
    void aFailureTheAdminClientWrapsIsNamedBehindTheWrapper() {
        KafkaFutureImpl<String> answer = new KafkaFutureImpl<>();
        answer.completeExceptionally(new KafkaException(
                "Failed to find brokers to send ListGroups", new IllegalStateException("the selector is closed")));

        assertThatThrownBy(() -> KafkaCalls.await(answer, "listing the groups that have members", config))
                .hasMessage("listing the groups that have members failed: KafkaException: Failed to find brokers to"
                        + " send ListGroups: IllegalStateException: the selector is closed");
    }
}
