package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import sh.oso.korb.error.InvalidInputException;

/** reset's --topics: whole topics, Kafka's topic:0,1,2 form, and mixes of both in one value or several. */
class ResetTopicsTest {

    @Test
    void wholeTopicsAndKafkasPartitionForm() {
        assertThat(ResetTopics.scope(List.of("orders:0,1,2,payments")).topics())
                .isEqualTo(
                        Map.of("orders", Optional.of(new TreeSet<>(List.of(0, 1, 2))), "payments", Optional.empty()));
        assertThat(ResetTopics.scope(List.of("payments", "orders:2", "orders:0"))
                        .topics())
                .isEqualTo(Map.of("payments", Optional.empty(), "orders", Optional.of(new TreeSet<>(List.of(0, 2)))));
        assertThat(ResetTopics.scope(null).listsTopics()).isFalse();
    }

    @Test
    void malformedScopesAreRefusedWithTheValue() {
        assertThatThrownBy(() -> ResetTopics.scope(List.of("orders,,payments")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("contains an empty item");
        assertThatThrownBy(() -> ResetTopics.scope(List.of("orders:x")))
                .hasMessageContaining("write topic or topic:0,1,2");
        assertThatThrownBy(() -> ResetTopics.scope(List.of("orders", "orders:1")))
                .hasMessageContaining("both whole and with partitions");
    }
}
