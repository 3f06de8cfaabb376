package sh.oso.korb.error;

/** Deleting offsets failed for some groups (delete-offsets); the message names them and the undo snapshot. */
public class OffsetDeletionFailedException extends KorbException {

    public OffsetDeletionFailedException(String message) {
        super(Reason.OFFSET_DELETION_FAILED, message, null);
    }
}
