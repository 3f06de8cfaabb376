package sh.oso.korb.error;

/** Verification under --strict found committed offsets that differ from the snapshot. */
public class DifferencesFoundException extends KorbException {

    public DifferencesFoundException(String message) {
        super(Reason.DIFFERENCES_FOUND, message, null);
    }
}
