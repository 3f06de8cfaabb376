package sh.oso.korb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlCharactersTest {

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'order-processor'|'order-processor'|plain text is kept",
                "'grüße 注文 🚀'|'grüße 注文 🚀'|letters and emoji of any script are kept",
                "'a\u001b[2Jb'|'a\\u001b[2Jb'|ESC starts a terminal sequence",
                "'a\u009b2Jb'|'a\\u009b2Jb'|so does the 8-bit CSI",
                "'bell\u0007'|'bell\\u0007'|the bell",
                "'x\ny\rz\tw'|'x\\ny\\rz\\tw'|line breaks and tabs",
                "'\u202etxt.exe'|'\\u202etxt.exe'|a bidirectional override",
                "'a\u2028b'|'a\\u2028b'|a line separator",
                "'lone\ud800'|'lone\\ud800'|an unpaired surrogate",
                "'\u007f'|'\\u007f'|DEL",
            })
    void escapesWhatATerminalWouldActOn(String text, String shown, String what) {
        assertThat(ControlCharacters.escape(text)).isEqualTo(shown);
    }
}
