package sh.oso.korb.snapshot;

/**
 * The offsets a partition's log spans: records from {@code logStartOffset} (retention and deleteRecords
 * move it up) to {@code logEndOffset} (the next offset to be written). A committed offset is meaningful
 * only inside {@code [logStartOffset, logEndOffset]}.
 */
public record LogRange(long logStartOffset, long logEndOffset) {

    public boolean contains(long offset) {
        return offset >= logStartOffset && offset <= logEndOffset;
    }
}
