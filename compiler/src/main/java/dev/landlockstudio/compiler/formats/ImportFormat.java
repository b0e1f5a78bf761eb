package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.formats.golandlock.GoLandlockImporter;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigImporter;
import dev.landlockstudio.compiler.formats.oci.OciDialect;
import dev.landlockstudio.compiler.formats.oci.OciImporter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The formats a policy can be imported from: every target that another tool reads. */
public enum ImportFormat {
    OCI(Target.OCI),
    OCI_1111(Target.OCI_1111),
    GO_LANDLOCK(Target.GO_LANDLOCK),
    LANDLOCKCONFIG(Target.LANDLOCKCONFIG);

    private final Target target;

    ImportFormat(Target target) {
        this.target = target;
    }

    public Target target() {
        return target;
    }

    public String id() {
        return target.id();
    }

    public Importer importer() {
        return switch (this) {
            case OCI -> new OciImporter(OciDialect.PR_1241, target.vocabulary());
            case OCI_1111 -> new OciImporter(OciDialect.PR_1111, target.vocabulary());
            case GO_LANDLOCK -> new GoLandlockImporter();
            case LANDLOCKCONFIG -> new LandlockConfigImporter();
        };
    }

    public static Optional<ImportFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ImportFormat::id).toList();
    }
}
