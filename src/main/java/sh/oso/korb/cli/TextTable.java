package sh.oso.korb.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import sh.oso.korb.snapshot.ControlCharacters;

/**
 * A plain, left-aligned text table for human output. Cells hold text from snapshots and clusters (group ids,
 * metadata), so their control characters are escaped: a table never sends a terminal an escape sequence.
 */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    TextTable row(Object... cells) {
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = ControlCharacters.escape(String.valueOf(cells[i]));
        }
        rows.add(text);
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (String[] row : rows) {
            line.setLength(0);
            // padded by hand: String.format per cell costs tens of milliseconds in a fresh JVM
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
