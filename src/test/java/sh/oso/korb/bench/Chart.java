package sh.oso.korb.bench;

import java.util.List;
import java.util.Locale;

/** Time against groups, log-log, korb and the Kafka tool, for snapshot and rollback, as a small SVG. */
final class Chart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int BOTTOM = 50;
    private static final int TOP = 40;
    private static final int RIGHT = 170;

    private Chart() {}

    static String svg(List<Report.Row> rows) {
        List<Report.Row> plotted =
                rows.stream().filter(row -> !row.operation().equals("verify")).toList();
        double minGroups =
                plotted.stream().mapToDouble(Report.Row::groups).min().orElse(1);
        double maxGroups =
                plotted.stream().mapToDouble(Report.Row::groups).max().orElse(10);
        double minSeconds = 0.1;
        double maxSeconds = plotted.stream()
                        .mapToDouble(row -> Math.max(
                                row.korb().median(),
                                row.tool().isEmpty() ? 0 : row.tool().median()))
                        .max()
                        .orElse(1)
                * 1.5;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"20\" font-size=\"14\">Whole-process time (s, log)"
                        + " against consumer groups (log)</text>%n",
                LEFT));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\"" + " stroke=\"#999\"/>%n",
                LEFT,
                TOP,
                plotWidth,
                plotHeight));
        Scale x = new Scale(minGroups, maxGroups, LEFT, LEFT + plotWidth);
        Scale y = new Scale(minSeconds, maxSeconds, TOP + plotHeight, TOP);
        plotted.stream()
                .mapToInt(Report.Row::groups)
                .distinct()
                .forEach(groups -> svg.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%,d</text>%n",
                        x.at(groups),
                        HEIGHT - BOTTOM + 18,
                        groups)));
        for (double seconds = 0.1; seconds <= maxSeconds; seconds *= 10) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
                            + "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                    LEFT - 6,
                    y.at(seconds) + 4,
                    seconds < 1
                            ? String.format(Locale.ROOT, "%.1f", seconds)
                            : String.format(Locale.ROOT, "%.0f", seconds),
                    LEFT,
                    LEFT + plotWidth,
                    y.at(seconds),
                    y.at(seconds)));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">consumer groups</text>%n",
                LEFT + plotWidth / 2,
                HEIGHT - 12));
        String[][] series = {
            {"snapshot", "korb", "#1f77b4", ""}, {"snapshot", "tool", "#ff7f0e", ""},
            {"rollback", "korb", "#1f77b4", "6,4"}, {"rollback", "tool", "#ff7f0e", "6,4"}
        };
        int legend = TOP + 10;
        for (String[] each : series) {
            StringBuilder points = new StringBuilder();
            for (Report.Row row : plotted) {
                Measurement measurement = each[1].equals("korb") ? row.korb() : row.tool();
                if (row.operation().equals(each[0]) && !measurement.isEmpty()) {
                    points.append(
                            String.format(Locale.ROOT, "%.1f,%.1f ", x.at(row.groups()), y.at(measurement.median())));
                }
            }
            String label = (each[1].equals("korb") ? "korb " : "Kafka tool ") + each[0];
            svg.append(String.format(
                    Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                            + " stroke-dasharray=\"%s\"/>%n",
                    points.toString().trim(),
                    each[2],
                    each[3]));
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\""
                            + " stroke-width=\"2\" stroke-dasharray=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    WIDTH - RIGHT + 10,
                    WIDTH - RIGHT + 40,
                    legend,
                    legend,
                    each[2],
                    each[3],
                    WIDTH - RIGHT + 46,
                    legend + 4,
                    label));
            legend += 20;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** A log scale from a value range onto a pixel range. */
    private record Scale(double min, double max, double from, double to) {
        double at(double value) {
            double span = Math.log10(max) - Math.log10(min);
            double share = span == 0 ? 0.5 : (Math.log10(Math.max(value, min)) - Math.log10(min)) / span;
            return from + share * (to - from);
        }
    }
}
