package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.formats.firejail.FirejailImporter;
import dev.landlockstudio.compiler.formats.golandlock.GoLandlockImporter;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigImporter;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigSpelling;
import dev.landlockstudio.compiler.formats.landrun.LandrunImporter;
import dev.landlockstudio.compiler.formats.nativeformat.NativeImporter;
import dev.landlockstudio.compiler.formats.oci.OciDialect;
import dev.landlockstudio.compiler.formats.oci.OciImporter;
import dev.landlockstudio.compiler.formats.podlock.PodLockImporter;
import dev.landlockstudio.compiler.formats.podlock.PodLockSelection;
import dev.landlockstudio.compiler.formats.policy.PolicyImporter;
import dev.landlockstudio.compiler.formats.sandboxer.SandboxerImporter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The formats a policy can be imported from: the policy document itself, every target that is JSON (PodLock's also as
 * YAML), and the targets made of lines (the C program is not read back). Detection tries them in this order.
 */
public enum ImportFormat {
    POLICY("policy", "Landlock Studio policy document", null),
    OCI("oci", Target.OCI.description(), Target.OCI),
    OCI_1111("oci-1111", Target.OCI_1111.description(), Target.OCI_1111),
    GO_LANDLOCK("go-landlock", Target.GO_LANDLOCK.description(), Target.GO_LANDLOCK),
    LANDLOCKCONFIG("landlockconfig", Target.LANDLOCKCONFIG.description(), Target.LANDLOCKCONFIG),
    PODLOCK("podlock", Target.PODLOCK.description(), Target.PODLOCK),
    NATIVE("native", Target.NATIVE.description(), Target.NATIVE),
    SANDBOXER("sandboxer", Target.SANDBOXER.description(), Target.SANDBOXER),
    FIREJAIL("firejail", Target.FIREJAIL.description(), Target.FIREJAIL),
    LANDRUN("landrun", Target.LANDRUN.description(), Target.LANDRUN);

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

    /** The reader of a JSON format; empty for a format of lines. */
    public Optional<Importer> importer() {
        return Optional.ofNullable(switch (this) {
            case POLICY -> new PolicyImporter();
            case OCI -> new OciImporter(OciDialect.PR_1241, target.vocabulary());
            case OCI_1111 -> new OciImporter(OciDialect.PR_1111, target.vocabulary());
            case GO_LANDLOCK -> new GoLandlockImporter();
            case LANDLOCKCONFIG -> new LandlockConfigImporter(LandlockConfigSpelling.JSON);
            case NATIVE -> new NativeImporter();
            case PODLOCK -> new PodLockImporter(null);
            case SANDBOXER, FIREJAIL, LANDRUN -> null;
        });
    }

    /** The reader of a format of lines; empty for a JSON format. */
    public Optional<LineImporter> lineImporter() {
        return Optional.ofNullable(switch (this) {
            case SANDBOXER -> new SandboxerImporter();
            case FIREJAIL -> new FirejailImporter();
            case LANDRUN -> new LandrunImporter();
            default -> null;
        });
    }

    /** Null when the file has this format's marks, else why not; {@code json} is the file as JSON, null when it is not. */
    public String mismatch(String text, JsonNode json) {
        if (lineImporter().isPresent()) {
            return json != null ? "JSON, not lines" : lineImporter().get().mismatch(text);
        }
        return json == null ? "not JSON" : importer().orElseThrow().mismatch(json);
    }

    /**
     * Reads the file in this format; {@code json} is the file as JSON (or YAML), which a JSON format needs; {@code base}
     * is the directory relative paths are taken from, or null; {@code select} the binary of a PodLock profile to read,
     * or null for its only one.
     */
    public Importer.Imported read(String text, JsonNode json, String name, java.nio.file.Path base, PodLockSelection select) {
        if (this == PODLOCK) {
            return new PodLockImporter(select).read(json, name);
        }
        return lineImporter().map(lines -> lines.read(text, name))
                .orElseGet(() -> importer().orElseThrow().read(json, name, base));
    }

    public static Optional<ImportFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ImportFormat::id).toList();
    }
}
