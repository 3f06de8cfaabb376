package sh.oso.korb.snapshot;

import java.util.HexFormat;

/**
 * Makes text that came from a snapshot or a cluster (group ids, topics, metadata, keys of a hand-written file) safe
 * to print on a terminal: characters a terminal acts on instead of showing (escape sequences, bell, carriage
 * return, line breaks, bidirectional overrides) are written as JSON-style escapes such as {@code \u001b}. Only text
 * output needs this; JSON output keeps the text exact.
 */
public final class ControlCharacters {

    private static final HexFormat HEX = HexFormat.of();

    private ControlCharacters() {}

    /** The text with every control, format and separator character escaped; the text itself when it has none. */
    public static String escape(String text) {
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (unsafe(codePoint)) {
                appendEscape(escaped, codePoint);
            } else {
                escaped.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return escaped.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (unsafe(codePoint)) {
                return i;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }

    /**
     * C0 and C1 controls (ESC, and CSI U+009B, start sequences), format characters (bidirectional overrides that
     * reorder what is shown), line and paragraph separators, and unpaired surrogates.
     */
    private static boolean unsafe(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static void appendEscape(StringBuilder escaped, int codePoint) {
        switch (codePoint) {
            case '\n' -> escaped.append("\\n");
            case '\r' -> escaped.append("\\r");
            case '\t' -> escaped.append("\\t");
            default -> {
                for (char unit : Character.toChars(codePoint)) {
                    escaped.append("\\u").append(HEX.toHexDigits(unit));
                }
            }
        }
    }
}
