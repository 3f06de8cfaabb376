package sh.oso.korb.snapshot;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a command chose its groups when they were not listed by name: every consumer group, or those whose whole id
 * matches a regular expression. A snapshot records it (the format's optional {@code groupSelection} object), so
 * that it says what it was meant to hold, not only what it holds.
 *
 * @param pattern the regular expression a group id must match as a whole; empty for every consumer group
 */
public record GroupSelection(Optional<Pattern> pattern) {

    public static final GroupSelection ALL_GROUPS = new GroupSelection(Optional.empty());

    public GroupSelection {
        Objects.requireNonNull(pattern);
    }

    /**
     * The groups whose whole id matches {@code regex}; a malformed one is {@link PatternSyntaxException}, which its
     * callers turn into the error of their input (an option, a snapshot's field).
     */
    public static GroupSelection matching(String regex) {
        return new GroupSelection(Optional.of(Pattern.compile(regex)));
    }

    public boolean allGroups() {
        return pattern.isEmpty();
    }

    /** The pattern as it was given, for messages and the snapshot; empty for every group. */
    public Optional<String> regex() {
        return pattern.map(Pattern::pattern);
    }

    public boolean selects(String group) {
        return pattern.map(regex -> regex.matcher(group).matches()).orElse(true);
    }

    /** In words, for messages: "every consumer group" or "the consumer groups matching 'orders-.*'". */
    public String describe() {
        return regex().map(regex -> "the consumer groups matching '" + regex + "'")
                .orElse("every consumer group");
    }

    // Patterns compare by identity; two selections are the same when they say the same.
    @Override
    public boolean equals(Object other) {
        return other instanceof GroupSelection that && regex().equals(that.regex());
    }

    @Override
    public int hashCode() {
        return regex().hashCode();
    }

    @Override
    public String toString() {
        return regex().map(regex -> "--group-pattern " + regex).orElse("--all-groups");
    }

    void write(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("groupSelection");
        if (pattern.isPresent()) {
            json.writeStringField("pattern", pattern.get().pattern());
        } else {
            json.writeBooleanField("allGroups", true);
        }
        json.writeEndObject();
    }
}
