package sh.oso.korb.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import sh.oso.korb.error.InvalidInputException;

/**
 * The kinds of snapshot store, each named as the resource's {@code storage.storageType} and the executor's
 * {@code --storage-type} write it. The one list of stores: the resource model reads and writes these values
 * too (its JSON form, with the reference's second spelling {@code configmap}, is in the api package).
 */
public enum StorageType {
    PVC("pvc"),
    CONFIGMAP("configMap"),
    S3("s3"),
    AZURE("azure"),
    GCS("gcs");

    private final String value;

    StorageType(String value) {
        this.value = value;
    }

    /** The store's name in the resource and on the command line, e.g. {@code configMap}. */
    public String value() {
        return value;
    }

    /** The executor's {@code --storage-type}: any case, so {@code configmap} and {@code ConfigMap} are accepted. */
    public static StorageType parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("--storage-type is required: one of " + names());
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(type -> type.value.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst()
                .orElseThrow(() ->
                        new InvalidInputException("--storage-type '" + value + "' is unknown: use one of " + names()));
    }

    public static String names() {
        return Arrays.stream(values()).map(StorageType::value).collect(Collectors.joining(", "));
    }
}
