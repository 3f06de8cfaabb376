package sh.oso.korb.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration parser of korb's options: what Kubernetes users write (Go's {@code time.ParseDuration} form,
 * as in {@code metav1.Duration}: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 1.5h}), ISO-8601
 * ({@code PT1M}), and a plain number of seconds. fabric8's {@code Duration.parse}, the Go-form parser on the
 * class path, reads {@code 1.5h} as five hours and ignores trailing text ({@code 5h foo}), so the Go form is
 * checked against its whole grammar here.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final String TERM = "(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)";
    private static final Pattern GO_FORM = Pattern.compile("(?:" + TERM + ")+");
    private static final Pattern GO_TERM = Pattern.compile(TERM);
    private static final Pattern SECONDS = Pattern.compile("\\d+");
    private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
            "ns",
            BigDecimal.ONE,
            "us",
            BigDecimal.valueOf(1_000),
            "µs",
            BigDecimal.valueOf(1_000),
            "ms",
            BigDecimal.valueOf(1_000_000),
            "s",
            BigDecimal.valueOf(1_000_000_000L),
            "m",
            BigDecimal.valueOf(60_000_000_000L),
            "h",
            BigDecimal.valueOf(3_600_000_000_000L));

    @Override
    public Duration convert(String value) {
        String text = value.trim();
        String lowerCase = text.toLowerCase(Locale.ROOT); // 30S and 2M have always meant seconds and minutes
        try {
            if (SECONDS.matcher(text).matches()) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            if (GO_FORM.matcher(lowerCase).matches()) {
                BigDecimal nanos = BigDecimal.ZERO;
                for (Matcher term = GO_TERM.matcher(lowerCase); term.find(); ) {
                    nanos = nanos.add(new BigDecimal(term.group(1)).multiply(NANOS_PER_UNIT.get(term.group(2))));
                }
                return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
            }
            return Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration: use e.g. 30s, 500ms, 1m30s, 2h" + " or PT1M");
        }
    }
}
