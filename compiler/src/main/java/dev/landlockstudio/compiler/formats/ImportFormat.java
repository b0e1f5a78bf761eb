package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.formats.golandlock.GoLandlockImporter;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigImporter;
import dev.landlockstudio.compiler.formats.nativeformat.NativeImporter;
import dev.landlockstudio.compiler.formats.oci.OciDialect;
import dev.landlockstudio.compiler.formats.oci.OciImporter;
import dev.landlockstudio.compiler.formats.policy.PolicyImporter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The formats a policy can be imported from: the policy document itself, and every target that is JSON (the C
 * program is not read back). Detection tries them in this order.
 */
public enum ImportFormat {
    POLICY("policy", "Landlock Studio policy document", null),
    OCI("oci", Target.OCI.description(), Target.OCI),
    OCI_1111("oci-1111", Target.OCI_1111.description(), Target.OCI_1111),
    GO_LANDLOCK("go-landlock", Target.GO_LANDLOCK.description(), Target.GO_LANDLOCK),
    LANDLOCKCONFIG("landlockconfig", Target.LANDLOCKCONFIG.description(), Target.LANDLOCKCONFIG),
    NATIVE("native", Target.NATIVE.description(), Target.NATIVE);

    private final String id;
    private final String description;
    private final Target target;

    ImportFormat(String id, String description, Target target) {
        this.id = id;
        this.description = description;
        this.target = target;
    }

    /** The target whose output this format reads, or empty for the policy document. */
    public Optional<Target> target() {
        return Optional.ofNullable(target);
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Importer importer() {
        return switch (this) {
            case POLICY -> new PolicyImporter();
            case OCI -> new OciImporter(OciDialect.PR_1241, target.vocabulary());
            case OCI_1111 -> new OciImporter(OciDialect.PR_1111, target.vocabulary());
            case GO_LANDLOCK -> new GoLandlockImporter();
            case LANDLOCKCONFIG -> new LandlockConfigImporter();
            case NATIVE -> new NativeImporter();
        };
    }

    public static Optional<ImportFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ImportFormat::id).toList();
    }
}
