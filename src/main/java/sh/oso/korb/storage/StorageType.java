package sh.oso.korb.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import sh.oso.korb.error.InvalidInputException;

/** The resource's {@code storage.storageType}; parsed case-insensitively (the seed spells configMap and configmap). */
public enum StorageType {
    PVC("pvc"),
    CONFIGMAP("configMap"),
    S3("s3"),
    AZURE("azure"),
    GCS("gcs");

    private final String specName;

    StorageType(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static StorageType parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("--storage-type is required: one of " + names());
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(type -> type.specName.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("--storage-type '" + value + "' is unknown: use one of "
                        + names()));
    }

    public static String names() {
        return Arrays.stream(values()).map(StorageType::specName).collect(Collectors.joining(", "));
    }
}
