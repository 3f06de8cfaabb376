package sh.oso.korb.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code $(tasks.<task>.results.<result>)} or {@code $(finally.<task>.results.<result>)} reference, parsed as
 * Tekton's {@code pkg/internal/resultref.ParseTaskExpression} does.
 */
record TektonResultRef(String scope, String pipelineTask, String result) {

    /** {@code resultref.LooksLikeResultRef}. */
    static boolean looksLike(String expression) {
        String[] parts = expression.split("\\.", -1);
        return parts.length >= 4
                && (parts[0].equals("tasks") || parts[0].equals("finally"))
                && parts[2].equals("results");
    }

    static Optional<TektonResultRef> parse(String expression) {
        if (!looksLike(expression)) {
            return Optional.empty();
        }
        String[] parts = expression.split("\\.", -1);
        if (parts.length != 4 && parts.length != 5) {
            return Optional.empty();
        }
        return Optional.of(new TektonResultRef(parts[0], parts[1], parts[3].replaceAll("\\[([0-9])*\\*?]", "")));
    }

    /** {@code NewResultRefs}. */
    static List<TektonResultRef> all(List<String> expressions) {
        List<TektonResultRef> refs = new ArrayList<>();
        expressions.forEach(expression -> parse(expression).ifPresent(refs::add));
        return refs;
    }

    /** {@code LooksLikeContainsResultRefs}. */
    static boolean anyLooksLike(List<String> expressions) {
        return expressions.stream().anyMatch(TektonResultRef::looksLike);
    }
}
