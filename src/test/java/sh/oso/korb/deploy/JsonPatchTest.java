package sh.oso.korb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import sh.oso.korb.workflow.Yaml;

/** The operations of RFC 6902 that {@link JsonPatch} implements, as the RFC has them, and the ones it refuses. */
class JsonPatchTest {

    private final ObjectNode document = (ObjectNode) Yaml.parse("{a: {b: 1, 'x/y~z': 2}, list: [one, two]}");

    private ObjectNode patched(String patch) {
        JsonPatch.apply(Yaml.parse(patch), document);
        return document;
    }

    @Test
    void addAppendsWithADashAndInsertsAtAnIndex() {
        assertThat(patched("[{op: add, path: /list/-, value: three}, {op: add, path: /list/0, value: zero},"
                        + " {op: add, path: /list/4, value: four}]"))
                .isEqualTo(Yaml.parse("{a: {b: 1, 'x/y~z': 2}, list: [zero, one, two, three, four]}"));
    }

    @Test
    void addSetsAMemberWhetherOrNotItExists() {
        assertThat(patched("[{op: add, path: /a/b, value: 9}, {op: add, path: /c, value: {d: []}}]"))
                .isEqualTo(Yaml.parse("{a: {b: 9, 'x/y~z': 2}, list: [one, two], c: {d: []}}"));
    }

    @Test
    void replaceAndRemoveNeedWhatTheyName() {
        assertThat(patched("[{op: replace, path: /list/1, value: deux}, {op: remove, path: /a/x~1y~0z},"
                        + " {op: remove, path: /list/0}]"))
                .isEqualTo(Yaml.parse("{a: {b: 1}, list: [deux]}"));
        assertThatThrownBy(() -> patched("[{op: replace, path: /a/missing, value: 1}]"))
                .hasMessageContaining("no member 'missing'");
        assertThatThrownBy(() -> patched("[{op: remove, path: /list/5}]")).hasMessageContaining("past the array's end");
        assertThatThrownBy(() -> patched("[{op: replace, path: /list/-, value: 1}]"))
                .hasMessageContaining("'-' is not an array index");
    }

    @Test
    void aPathThroughNothingIsAnError() {
        assertThatThrownBy(() -> patched("[{op: add, path: /missing/b, value: 1}]"))
                .hasMessageContaining("'missing' on the path leads nowhere");
        assertThatThrownBy(() -> patched("[{op: add, path: /a/b/c, value: 1}]"))
                .hasMessageContaining("'b' on the path leads nowhere");
    }

    @Test
    void refusesTheOperationsItDoesNotImplement() {
        for (String op : new String[] {"move", "copy", "test"}) {
            assertThatThrownBy(() -> patched("[{op: " + op + ", from: /a/b, path: /a/c, value: 1}]"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("op '" + op + "' is not supported");
        }
        assertThatThrownBy(() -> patched("[{op: add, path: '', value: {}}]"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("whole document");
    }

    @Test
    void anOperationMissingItsPathOrValueIsAnError() {
        assertThatThrownBy(() -> patched("[{op: add, value: 1}]")).hasMessageContaining("without a path");
        assertThatThrownBy(() -> patched("[{op: add, path: /a/c}]")).hasMessageContaining("add without a value");
        assertThatThrownBy(() -> patched("{op: add, path: /a/c, value: 1}"))
                .hasMessageContaining("a list of operations");
    }
}
