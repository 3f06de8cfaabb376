package sh.oso.korb.snapshot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;

/** The one JSON factory korb uses, with bounds that keep hostile or corrupt input from exhausting memory. */
public final class SnapshotJson {

    /** Snapshots of 10,000 groups x 24 partitions take about 20 MB; anything far larger is not ours. */
    public static final long MAX_DOCUMENT_BYTES = 256L * 1024 * 1024;

    public static final int MAX_NESTING_DEPTH = 16;
    public static final int MAX_STRING_LENGTH = 1024 * 1024;
    public static final int MAX_NUMBER_LENGTH = 32;

    /** The bounds in words, for the message that refuses a document beyond one of them. */
    static final String BOUNDS = MAX_DOCUMENT_BYTES / (1024 * 1024) + " MiB, nesting depth " + MAX_NESTING_DEPTH
            + ", strings of " + MAX_STRING_LENGTH / (1024 * 1024) + " MiB, numbers of " + MAX_NUMBER_LENGTH + " digits";

    public static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            // A key given twice would otherwise be last-wins: one reader would count what another replaced.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);

    private SnapshotJson() {}
}
