package sh.oso.korb.snapshot;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.CorruptSnapshotException;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.MalformedSnapshotException;
import sh.oso.korb.error.StorageException;

/**
 * Streams a snapshot in from JSON, keeping only the groups asked for, so that rolling back one group of
 * a large snapshot holds one group in memory. Accepts the reference's minimal hand-written form: only
 * {@code groups} and each partition's {@code offset} are required; unknown fields are skipped so that
 * snapshots written by newer minor versions still read.
 */
public final class SnapshotReader {

    private static final Pattern PARTITION = Pattern.compile("0|[1-9][0-9]*");
    /** The longest key or path a message shows. */
    private static final int MAX_SHOWN = 200;

    private final SnapshotId id;
    private final String location;
    private final DigestingInputStream bytes;
    private final JsonParser json;
    private final boolean countOnly;
    /** Given each included group as it is read, instead of keeping it: for runs over more offsets than fit in memory. */
    private GroupVisitor visitor;

    private int groupCount;
    private int partitionCount;

    private SnapshotReader(
            SnapshotId id, String location, DigestingInputStream bytes, JsonParser json, boolean countOnly) {
        this.id = id;
        this.location = location;
        this.bytes = bytes;
        this.json = json;
        this.countOnly = countOnly;
    }

    /**
     * Reads the snapshot stored as {@code id} at {@code location} (named in errors), keeping the groups that
     * {@code includeGroup} accepts. The whole content is checked against its digest, if it has one.
     */
    public static Snapshot read(SnapshotId id, String location, InputStream in, Predicate<String> includeGroup) {
        return parse(id, location, in, false, reader -> reader.readDocument(includeGroup));
    }

    /** Told each group a streaming read includes, in the order of the document, while the document is read. */
    @FunctionalInterface
    public interface GroupVisitor {
        void visit(String group, GroupOffsets offsets);
    }

    /**
     * Streams the snapshot: each group that {@code includeGroup} accepts is handed to {@code visitor} as soon as it is
     * read and then dropped, so memory holds one group at a time. Returns the rest of the document (without groups)
     * once it is read to its end and checked against its digest: a visitor must not act irreversibly on what it was
     * given before this returns, unless the caller read the whole snapshot once before.
     */
    public static Snapshot stream(
            SnapshotId id, String location, InputStream in, Predicate<String> includeGroup, GroupVisitor visitor) {
        return parse(id, location, in, false, reader -> {
            reader.visitor = visitor;
            return reader.readDocument(includeGroup);
        });
    }

    public static Snapshot readAll(SnapshotId id, String location, InputStream in) {
        return read(id, location, in, group -> true);
    }

    /** Counts groups and partitions without keeping them: what {@code korb list} needs, in constant memory. */
    public static SnapshotSummary summarize(SnapshotId id, String location, InputStream in) {
        return parse(id, location, in, true, reader -> {
            Snapshot header = reader.readDocument(group -> false);
            return new SnapshotSummary(id, header.timestamp(), reader.groupCount, reader.partitionCount);
        });
    }

    /**
     * The ids of the snapshot's groups, without their offsets: what choosing groups by a pattern needs, in memory for
     * the names only (each group's offsets are skipped as they stream by, as those of groups not asked for are).
     */
    public static SortedSet<String> groupNames(SnapshotId id, String location, InputStream in) {
        SortedSet<String> names = new TreeSet<>();
        read(id, location, in, group -> {
            names.add(group);
            return false; // named, never kept
        });
        return names;
    }

    @FunctionalInterface
    private interface Parse<T> {
        T apply(SnapshotReader reader) throws IOException;
    }

    private static <T> T parse(SnapshotId id, String location, InputStream in, boolean countOnly, Parse<T> parse) {
        DigestingInputStream bytes = new DigestingInputStream(in);
        JsonParser parser = null;
        try {
            parser = SnapshotJson.FACTORY.createParser(bytes);
            try (JsonParser json = parser) {
                return parse.apply(new SnapshotReader(id, location, bytes, json, countOnly));
            }
        } catch (JsonProcessingException e) {
            throw unreadable(id, location, parser, e);
        } catch (CharConversionException e) {
            throw new MalformedSnapshotException(
                    describe(id, location) + " is not valid JSON: its bytes are not UTF-8, UTF-16 or UTF-32 text", e);
        } catch (IOException e) {
            throw new StorageException("could not read " + describe(id, location) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The parser's own error as a line naming the place and the kind of problem. Its message is not passed on: it
     * quotes the offending token, and a file that is no snapshot (a secret, say) must not show up in a message.
     */
    private static MalformedSnapshotException unreadable(
            SnapshotId id, String location, JsonParser parser, JsonProcessingException e) {
        String where = at(pathOf(parser), e.getLocation());
        String original = String.valueOf(e.getOriginalMessage());
        // Jackson names a duplicate key only in its message; a test pins the wording
        if (original.startsWith("Duplicate field ")) {
            return new MalformedSnapshotException(
                    describe(id, location) + " is malformed" + where + ": a key appears twice in one object", e);
        }
        String problem;
        if (e instanceof JsonEOFException) {
            problem = "it ends before it is complete (truncated?)";
        } else if (e instanceof StreamConstraintsException) {
            problem = "it exceeds a bound on snapshots (" + SnapshotJson.BOUNDS + ")";
        } else if (e instanceof InputCoercionException) {
            problem = "a number is out of range";
        } else {
            problem = "unexpected character or token";
        }
        return new MalformedSnapshotException(
                describe(id, location) + " is not valid JSON" + where + ": " + problem, e);
    }

    private static String describe(SnapshotId id, String location) {
        return "snapshot '" + id + "'" + (location.isEmpty() ? "" : " at " + location);
    }

    private Snapshot readDocument(Predicate<String> includeGroup) throws IOException {
        expectStartObject(json.nextToken(), "the snapshot");
        int formatVersion = 1;
        Instant timestamp = Instant.EPOCH;
        String cluster = "";
        String clusterId = null;
        Map<String, TopicState> topics = Map.of();
        Map<String, GroupOffsets> groups = null;
        String declaredDigest = null;
        String actualDigest = null;
        UndoOf undoOf = null;
        RunId runId = null;
        GroupSelection groupSelection = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            long fieldAt = json.currentTokenLocation().getByteOffset();
            JsonToken value = json.nextToken();
            if (declaredDigest != null) {
                throw malformed("'digest' must be the last field");
            }
            switch (field) {
                case "digest" -> {
                    actualDigest = bytes.digestOfFirst(contentEnd(fieldAt));
                    declaredDigest = string(value);
                }
                case "formatVersion" -> formatVersion = (int) nonNegativeLong(value, Integer.MAX_VALUE);
                case "timestamp" -> timestamp = instant(value);
                case "cluster" -> cluster = string(value);
                case "clusterId" -> clusterId = string(value);
                case "topics" -> topics = readTopicStates(value);
                case "groups" -> groups = readGroups(value, includeGroup);
                case "undoOf" -> undoOf = readUndoOf(value);
                case "runId" -> runId = runId(value);
                case "groupSelection" -> groupSelection = readGroupSelection(value);
                default -> json.skipChildren();
            }
        }
        if (json.nextToken() != null) {
            throw malformed("unexpected content after the snapshot object");
        }
        if (formatVersion > Snapshot.CURRENT_FORMAT_VERSION) {
            throw malformed("its format version is newer than this korb reads (up to version "
                    + Snapshot.CURRENT_FORMAT_VERSION + "); upgrade korb");
        }
        if (groups == null) {
            throw malformed("it has no 'groups' object");
        }
        if (declaredDigest != null && !declaredDigest.equals(actualDigest)) {
            // The recorded digest is not quoted: it is the file's text, whatever the file is.
            throw new CorruptSnapshotException(describe(id, location) + " is corrupted: its content (" + actualDigest
                    + ") does not match the digest it records; restore it from a copy or take a new snapshot");
        }
        return new Snapshot(
                formatVersion,
                id,
                timestamp,
                cluster,
                Optional.ofNullable(clusterId),
                new TreeMap<>(topics),
                new TreeMap<>(groups),
                Optional.ofNullable(undoOf),
                Optional.ofNullable(runId),
                Optional.ofNullable(groupSelection));
    }

    /** Where the content covered by the digest ends: at the comma before the digest field. */
    private long contentEnd(long digestFieldAt) {
        if (digestFieldAt < 0) {
            throw malformed("a snapshot with a 'digest' must be UTF-8");
        }
        long position = digestFieldAt - 1;
        while (position >= 0 && bytes.holds(position) && isJsonWhitespace(bytes.byteAt(position))) {
            position--;
        }
        if (position >= 0 && !bytes.holds(position)) {
            throw malformed("more than " + DigestingInputStream.TAIL / 1024 + " KiB of whitespace precede 'digest'");
        }
        if (position < 0 || bytes.byteAt(position) != ',') {
            throw malformed("'digest' must follow the snapshot's content");
        }
        return position;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private UndoOf readUndoOf(JsonToken token) throws IOException {
        expectStartObject(token, "'undoOf'");
        SnapshotId snapshotId = null;
        SortedSet<String> groups = new TreeSet<>();
        boolean finished = false;
        SnapshotId preRollback = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "snapshotId" -> snapshotId = snapshotId(value);
                case "groups" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw malformed("'groups' must be an array but is " + describe(value));
                    }
                    for (JsonToken group = json.nextToken(); group != JsonToken.END_ARRAY; group = json.nextToken()) {
                        groups.add(string(group));
                    }
                }
                case "finished" -> {
                    if (!value.isBoolean()) {
                        throw malformed("expected a boolean but found " + describe(value));
                    }
                    finished = value == JsonToken.VALUE_TRUE;
                }
                case "preRollbackSnapshotId" -> preRollback = snapshotId(value);
                default -> json.skipChildren();
            }
        }
        if (snapshotId == null) {
            throw malformed("'undoOf' has no 'snapshotId'");
        }
        return new UndoOf(snapshotId, groups, finished, Optional.ofNullable(preRollback));
    }

    /**
     * {@code {"allGroups": true}} or {@code {"pattern": "<regex>"}}, one of them: a snapshot of listed groups has no
     * {@code groupSelection}, so {@code allGroups: false}, both, or neither would say two things at once.
     */
    private GroupSelection readGroupSelection(JsonToken token) throws IOException {
        expectStartObject(token, "'groupSelection'");
        boolean allGroups = false;
        String regex = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "allGroups" -> {
                    if (value != JsonToken.VALUE_TRUE) {
                        throw malformed("'allGroups' must be true (a snapshot of listed groups has no"
                                + " 'groupSelection') but is " + describe(value));
                    }
                    allGroups = true;
                }
                case "pattern" -> regex = string(value);
                default -> json.skipChildren();
            }
        }
        if (allGroups == (regex != null)) {
            throw malformed("'groupSelection' must have either 'allGroups' or 'pattern'");
        }
        if (allGroups) {
            return GroupSelection.ALL_GROUPS;
        }
        try {
            return GroupSelection.matching(regex);
        } catch (PatternSyntaxException e) {
            // the regex is the document's text: its problem is named, not quoted
            throw malformed("'pattern' is not a valid regular expression: " + e.getDescription());
        }
    }

    private SnapshotId snapshotId(JsonToken token) throws IOException {
        String text = string(token);
        try {
            return SnapshotId.of(text);
        } catch (InvalidInputException e) {
            throw malformed("'" + json.currentName() + "' is not a valid snapshot id");
        }
    }

    private RunId runId(JsonToken token) throws IOException {
        String text = string(token);
        try {
            return new RunId(text);
        } catch (InvalidInputException e) {
            throw malformed("'runId' is not a valid run id: printable ASCII without whitespace, at most "
                    + RunId.MAX_LENGTH + " characters");
        }
    }

    private Map<String, TopicState> readTopicStates(JsonToken token) throws IOException {
        expectStartObject(token, "'topics'");
        Map<String, TopicState> topics = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String topic = json.currentName();
            expectStartObject(json.nextToken(), "a topic");
            String topicId = null;
            Map<Integer, LogRange> partitions = new HashMap<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "topicId" -> topicId = string(value);
                    case "partitions" -> readLogRanges(value, partitions);
                    default -> json.skipChildren();
                }
            }
            topics.put(topic, new TopicState(Optional.ofNullable(topicId), new TreeMap<>(partitions)));
        }
        return topics;
    }

    private void readLogRanges(JsonToken token, Map<Integer, LogRange> into) throws IOException {
        expectStartObject(token, "'partitions'");
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            int partition = partitionNumber(json.currentName());
            expectStartObject(json.nextToken(), "a partition");
            long logStart = 0;
            long logEnd = 0;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "logStartOffset" -> logStart = nonNegativeLong(value, Long.MAX_VALUE);
                    case "logEndOffset" -> logEnd = nonNegativeLong(value, Long.MAX_VALUE);
                    default -> json.skipChildren();
                }
            }
            into.put(partition, new LogRange(logStart, logEnd));
        }
    }

    private Map<String, GroupOffsets> readGroups(JsonToken token, Predicate<String> includeGroup) throws IOException {
        expectStartObject(token, "'groups'");
        Map<String, GroupOffsets> groups = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String group = json.currentName();
            JsonToken value = json.nextToken();
            if (group.isEmpty()) {
                throw malformed("a group id is empty");
            }
            if (countOnly) {
                groupCount++;
                readGroup(value);
            } else if (includeGroup.test(group)) {
                if (visitor == null) {
                    groups.put(group, readGroup(value));
                } else {
                    visitor.visit(group, readGroup(value));
                }
            } else {
                json.skipChildren();
            }
        }
        return groups;
    }

    private GroupOffsets readGroup(JsonToken token) throws IOException {
        expectStartObject(token, "a group");
        Map<TopicPartition, PartitionOffset> partitions = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("topics")) {
                readTopics(value, partitions);
            } else {
                json.skipChildren();
            }
        }
        return GroupOffsets.of(partitions);
    }

    private void readTopics(JsonToken token, Map<TopicPartition, PartitionOffset> into) throws IOException {
        expectStartObject(token, "'topics'");
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String topic = json.currentName();
            if (topic.isEmpty()) {
                throw malformed("a topic name is empty");
            }
            expectStartObject(json.nextToken(), "a topic");
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                int partition = partitionNumber(json.currentName());
                PartitionOffset offset = readPartition(json.nextToken());
                if (countOnly) {
                    partitionCount++;
                } else {
                    into.put(new TopicPartition(topic, partition), offset);
                }
            }
        }
    }

    private PartitionOffset readPartition(JsonToken token) throws IOException {
        expectStartObject(token, "a partition");
        Long offset = null;
        String metadata = "";
        long timestamp = 0;
        Integer leaderEpoch = null;
        Long recordTimestamp = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "offset" -> offset = nonNegativeLong(value, Long.MAX_VALUE);
                case "metadata" -> metadata = value == JsonToken.VALUE_NULL ? "" : string(value);
                case "timestamp" -> timestamp = nonNegativeLong(value, Long.MAX_VALUE);
                case "leaderEpoch" ->
                    leaderEpoch =
                            value == JsonToken.VALUE_NULL ? null : (int) nonNegativeLong(value, Integer.MAX_VALUE);
                case "recordTimestamp" ->
                    recordTimestamp = value == JsonToken.VALUE_NULL ? null : nonNegativeLong(value, Long.MAX_VALUE);
                default -> json.skipChildren();
            }
        }
        if (offset == null) {
            throw malformed("a partition has no 'offset'");
        }
        return new PartitionOffset(
                offset, metadata, timestamp, Optional.ofNullable(leaderEpoch), Optional.ofNullable(recordTimestamp));
    }

    private int partitionNumber(String key) {
        // Only the canonical form: "+1", "01" or "-0" would silently stand for another key's partition.
        if (PARTITION.matcher(key).matches()) {
            long partition = Long.parseLong(key);
            if (partition <= Integer.MAX_VALUE) {
                return (int) partition;
            }
        }
        throw malformed("partition key '" + shown(key) + "' is not a partition number: 0, 1, 2, ... in decimal,"
                + " without sign or leading zeros");
    }

    private long nonNegativeLong(JsonToken token, long max) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw malformed("expected an integer but found " + describe(token));
        }
        long value = json.getLongValue();
        if (value < 0 || value > max) {
            throw malformed("the value is out of range: 0 to " + max);
        }
        return value;
    }

    private String string(JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw malformed("expected a string but found " + describe(token));
        }
        return json.getText();
    }

    private Instant instant(JsonToken token) throws IOException {
        String text = string(token);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed("the timestamp is not an ISO-8601 date-time such as 2024-12-01T12:00:00Z");
        }
    }

    private void expectStartObject(JsonToken token, String what) {
        if (token != JsonToken.START_OBJECT) {
            throw malformed(what + " must be a JSON object but is " + describe(token));
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private MalformedSnapshotException malformed(String problem) {
        return new MalformedSnapshotException(
                describe(id, location) + " is malformed" + at(pathOf(json), json.currentLocation()) + ": " + problem);
    }

    /** Where the parser is, as a JSON pointer: keys only, shortened and escaped for one printable line. */
    private static String pathOf(JsonParser parser) {
        return parser == null
                ? ""
                : shown(parser.getParsingContext().pathAsPointer().toString());
    }

    private static String at(String path, JsonLocation location) {
        return (path.isEmpty() ? "" : " at " + path)
                + (location == null || location.getLineNr() < 0
                        ? ""
                        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
    }

    /** A key from the document as a message may show it: cut to a readable length, control characters escaped. */
    private static String shown(String key) {
        return ControlCharacters.escape(key.length() > MAX_SHOWN ? key.substring(0, MAX_SHOWN) + "..." : key);
    }
}
