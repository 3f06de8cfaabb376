package sh.oso.korb.operation;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Where {@code korb reset} moves each partition: exactly one strategy per run. */
public sealed interface ResetStrategy {

    /** How the strategy is named in plans and messages, e.g. {@code --to-datetime 2024-12-01T10:00:00Z}. */
    String describe();

    /** The log start offset. */
    record ToEarliest() implements ResetStrategy {
        @Override
        public String describe() {
            return "--to-earliest";
        }
    }

    /** The log end offset. */
    record ToLatest() implements ResetStrategy {
        @Override
        public String describe() {
            return "--to-latest";
        }
    }

    /**
     * The first offset whose record timestamp is at or after {@code time}; the log end where no record is.
     *
     * @param given how the user gave the time (an instant, or a duration before now), for reasons
     */
    record ToDatetime(Instant time, String given) implements ResetStrategy {
        @Override
        public String describe() {
            return given;
        }
    }

    /** The same offset on every partition. */
    record ToOffset(long offset) implements ResetStrategy {
        @Override
        public String describe() {
            return "--to-offset " + offset;
        }
    }

    /** The committed offset plus {@code shift} (negative moves back). */
    record ShiftBy(long shift) implements ResetStrategy {
        @Override
        public String describe() {
            return "--shift-by " + shift;
        }
    }

    /**
     * The offsets a file gives, by group.
     *
     * @param file    the file's name, for reasons
     * @param offsets by group, by partition
     */
    record FromFile(String file, Map<String, Map<TopicPartition, Long>> offsets) implements ResetStrategy {
        public FromFile {
            offsets = Map.copyOf(offsets);
        }

        @Override
        public String describe() {
            return "--from-file " + file;
        }
    }

    /** The committed offsets of another group, which may be active. */
    record FromGroup(String source) implements ResetStrategy {
        @Override
        public String describe() {
            return "--from-group " + source;
        }
    }
}
