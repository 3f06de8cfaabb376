package sh.oso.korb.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.operation.ResetStrategy;
import sh.oso.korb.resetfile.ResetFile;

/**
 * The target options of {@code korb reset}, exactly one of which is given. They are plain options, not a picocli
 * group, because Tekton and Argo pass every param through the environment: an empty or {@code false} value there
 * means the option is not given.
 */
final class ResetTargetOptions {

    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,18}");

    @Option(names = "--to-earliest", description = "Target: the log start offset (env KORB_TO_EARLIEST=true).")
    boolean toEarliest;

    @Option(names = "--to-latest", description = "Target: the log end offset (env KORB_TO_LATEST=true).")
    boolean toLatest;

    @Option(
            names = "--to-datetime",
            paramLabel = "TIME",
            description = {
                "Target: the first offset whose record timestamp is at or after TIME, an ISO-8601 instant or offset"
                        + " date-time (2024-12-01T10:00:00Z, 2024-12-01T11:00:00+01:00) or epoch milliseconds; where"
                        + " no record is, the log end (decision log-end-no-record-after)."
            })
    String toDatetime;

    @Option(
            names = "--by-duration",
            paramLabel = "DURATION",
            description = "Target: as --to-datetime, with TIME now minus DURATION (1h, 90m, PT1H, P1D).")
    String byDuration;

    @Option(names = "--to-offset", paramLabel = "OFFSET", description = "Target: this offset on every partition.")
    Long toOffset;

    @Option(
            names = "--shift-by",
            paramLabel = "N",
            description = {
                "Target: the committed offset plus N (negative moves back); a partition without a committed offset is"
                        + " left as it is (decision skip-no-offset)."
            })
    Long shiftBy;

    @Option(
            names = "--from-file",
            paramLabel = "FILE",
            description = {
                "Target: the offsets in FILE: Kafka's CSV export (topic,partition,offset for one group;"
                        + " group,topic,partition,offset for several) or the mapping JSON"
                        + " {\"groups\":{group:{topic:{partition:offset}}}}."
            })
    Path fromFile;

    @Option(
            names = "--from-group",
            paramLabel = "GROUP",
            description = "Target: the committed offsets of GROUP (which may be active) on the same partitions.")
    String fromGroup;

    /** The one strategy given; throws (exit 2) when none or several are, or a value is malformed. */
    ResetStrategy strategy(List<String> groups, Clock clock) {
        List<String> given = new ArrayList<>();
        if (toEarliest) {
            given.add("--to-earliest");
        }
        if (toLatest) {
            given.add("--to-latest");
        }
        present(toDatetime).ifPresent(value -> given.add("--to-datetime"));
        present(byDuration).ifPresent(value -> given.add("--by-duration"));
        if (toOffset != null) {
            given.add("--to-offset");
        }
        if (shiftBy != null) {
            given.add("--shift-by");
        }
        if (fromFile != null) {
            given.add("--from-file");
        }
        present(fromGroup).ifPresent(value -> given.add("--from-group"));
        if (given.size() != 1) {
            throw new InvalidInputException(
                    (given.isEmpty() ? "no target given" : "several targets given: " + String.join(", ", given))
                            + "; give exactly one of --to-earliest, --to-latest, --to-datetime, --by-duration, --to-offset,"
                            + " --shift-by, --from-file, --from-group");
        }
        return switch (given.get(0)) {
            case "--to-earliest" -> new ResetStrategy.ToEarliest();
            case "--to-latest" -> new ResetStrategy.ToLatest();
            case "--to-datetime" ->
                new ResetStrategy.ToDatetime(instant(toDatetime.trim()), "--to-datetime " + toDatetime.trim());
            case "--by-duration" -> byDuration(clock);
            case "--to-offset" -> {
                if (toOffset < 0) {
                    throw new InvalidInputException(
                            "--to-offset " + toOffset + ": an offset is 0 or more; to move back, use --shift-by");
                }
                yield new ResetStrategy.ToOffset(toOffset);
            }
            case "--shift-by" -> new ResetStrategy.ShiftBy(shiftBy);
            case "--from-file" -> new ResetStrategy.FromFile(fromFile.toString(), ResetFile.read(fromFile, groups));
            default -> new ResetStrategy.FromGroup(fromGroup.trim());
        };
    }

    private ResetStrategy byDuration(Clock clock) {
        Duration duration;
        try {
            duration = new DurationConverter().convert(byDuration);
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    "--by-duration '" + byDuration.trim() + "' is not a duration: write 1h," + " 90m, PT1H or P1D");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidInputException("--by-duration '" + byDuration.trim() + "' must be more than zero");
        }
        Instant time = clock.instant().minus(duration);
        return new ResetStrategy.ToDatetime(time, "--by-duration " + byDuration.trim() + " (" + time + ")");
    }

    /** An ISO-8601 instant, an offset date-time, or epoch milliseconds. */
    static Instant instant(String value) {
        if (EPOCH_MILLIS.matcher(value).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException e) {
            // a local date-time would depend on the machine's time zone, which differs between a laptop and a pod
            throw new InvalidInputException("--to-datetime '" + value + "' is not an ISO-8601 date-time with a zone:"
                    + " write 2024-12-01T10:00:00Z or 2024-12-01T11:00:00+01:00 (or epoch milliseconds)");
        }
    }

    private static Optional<String> present(String value) {
        return Optional.ofNullable(value).filter(text -> !text.isBlank());
    }
}
