package dev.landlockstudio.compiler.formats.ocilauncher;

import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A config.json, or a user's config.json, whose process runs under the policy's own C program (the c target, built
 * statically): a read-only bind mount puts the launcher at {@link #DESTINATION} and {@code process.args} starts with
 * it. runc and crun ignore {@code process.landlock}, but they run this: the launcher applies the ruleset and
 * no_new_privs to itself, then executes the container's command, which inherits both. Everything else of the user's
 * config is kept in its place; merging again replaces the launcher's mount and prefix rather than adding a second.
 */
public final class OciLauncherEmitter implements Emitter {

    /** Where the launcher is inside the container: a path no image uses. */
    public static final String DESTINATION = "/.landlock-studio/launcher";

    /** The launcher's host path unless one is given: a file in the bundle, beside config.json. */
    public static final String DEFAULT_SOURCE = "landlock-launcher";

    @Override
    public String emit(Ruleset ruleset, Context context) {
        ObjectNode config = context.mergeInto() == null ? Json.MAPPER.createObjectNode() : context.mergeInto().deepCopy();
        ObjectNode process = config.get("process") instanceof ObjectNode given ? given : config.putObject("process");
        process.put("noNewPrivileges", true);
        ArrayNode args = withoutLauncher(process.get("args"), a -> a.asString("").equals(DESTINATION), true);
        ArrayNode mounts = withoutLauncher(config.get("mounts"), m -> m.path("destination").asString("").equals(DESTINATION), false);
        if (ruleset.enforced()) {
            args.insert(0, DESTINATION);
            mounts.add(mount(context.launcherSource()));
        }
        if (!args.isEmpty() || process.has("args")) {
            process.set("args", args);
        }
        if (!mounts.isEmpty() || config.has("mounts")) {
            config.set("mounts", mounts);
        }
        return Json.write(config);
    }

    /** The array's elements but the launcher's (only a first one when {@code firstOnly}); none when it is no array. */
    private static ArrayNode withoutLauncher(JsonNode array, Predicate<JsonNode> launchers, boolean firstOnly) {
        ArrayNode kept = Json.MAPPER.createArrayNode();
        if (array instanceof ArrayNode elements) {
            for (int i = 0; i < elements.size(); i++) {
                if (!(launchers.test(elements.get(i)) && (i == 0 || !firstOnly))) {
                    kept.add(elements.get(i));
                }
            }
        }
        return kept;
    }

    /** Read-only so that the container cannot replace what enforces its policy; executable, so not noexec. */
    private static ObjectNode mount(String source) {
        ObjectNode mount = Json.MAPPER.createObjectNode();
        mount.put("destination", DESTINATION);
        mount.put("type", "bind");
        mount.put("source", source);
        mount.putArray("options").add("bind").add("ro").add("nosuid").add("nodev");
        return mount;
    }
}
