package sh.oso.korb.error;

/** The snapshot store could not be read or written. */
public class StorageException extends KorbException {

    public StorageException(String message) {
        super(Reason.STORAGE_ERROR, message, null);
    }

    public StorageException(String message, Throwable cause) {
        super(Reason.STORAGE_ERROR, message, cause);
    }
}
