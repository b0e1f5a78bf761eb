package dev.landlockstudio.web.policy;

import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.web.api.ApiParameters;
import dev.landlockstudio.web.editor.Examples;
import dev.landlockstudio.web.host.HostReports;
import dev.landlockstudio.web.cache.BoundedCache;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the policy pages and the API do to stored policies beyond storing them: a new policy's first document (from
 * scratch, an example or another tool's file), saves that check the document and keep the policy's name, a restore,
 * and the diff the history shows. The store keeps what this has checked.
 */
@Service
class PolicyService {

    /** A new policy's first document, what its author should know about it, and its version's note. */
    record Start(String document, List<String> notes, String note) {
    }

    /** A policy as of one of its versions. */
    private record Key(String name, int version) {
    }

    private final PolicyStore store;
    private final Examples examples;
    private final HostReports hostReports;
    private final PolicyStacks stacks;
    private final BoundedCache<Key, Map<Integer, List<String>>> summaries = BoundedCache.lasting(1_000);

    PolicyService(PolicyStore store, Examples examples, HostReports hostReports, PolicyStacks stacks) {
        this.store = store;
        this.examples = examples;
        this.hostReports = hostReports;
        this.stacks = stacks;
    }

    /** The document's policy, its bases found among the saved policies (each problem at its pointer). */
    private Policy checked(String document) {
        PolicyReader.ReadPolicy read = PolicyReader.read(document);
        stacks.of(read);
        return read.document();
    }

    /** New policies are written for this host's ABI, or the newest when the host has no Landlock. */
    int startingAbi() {
        return hostReports.current().newestAbi();
    }

    Start fromScratch(String name, String description) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", name.strip());
        document.put("description", description.strip());
        document.put("abi", startingAbi());
        document.put("pathBeneath", List.of());
        return new Start(Json.write(document), List.of(), "created");
    }

    /** The document of an example, under another name when one is given. */
    Start fromExample(String example, String name) {
        String document = examples.all().getOrDefault(example, "");
        if (document.isEmpty()) {
            throw new InvalidDocumentException("", "choose an example");
        }
        if (!name.isBlank()) {
            ObjectNode tree = (ObjectNode) Json.parse(document);
            tree.put("name", name.strip());
            document = Json.write(tree);
        }
        return new Start(document, List.of(), "from the example " + example);
    }

    /**
     * Another tool's file ({@code from}: its format's id, or empty to detect it), read into a policy named {@code name}
     * (when blank: a policy document's or PodLock profile's own name, else "imported"); {@code base}: the directory
     * landlockconfig's relative paths are taken from, {@code select}: a PodLock profile's CONTAINER[/BINARY] (each
     * empty for none).
     */
    Start imported(String from, String file, String name, String base, String select) {
        Import imported = Import.read(file, ApiParameters.importFormat(from), name, "imported", ApiParameters.importBase(base),
                ApiParameters.importSelect(select));
        return new Start(Json.write(imported.policy()), imported.notes(), "imported from " + imported.format());
    }

    /** Saves a checked document as a new policy's first version. */
    PolicyVersion create(String document, String author, String note) {
        ApiParameters.note(note);
        Policy policy = checked(document);
        return store.create(policy, document, author, note);
    }

    /** Saves a checked document as the next version of policy {@code name}, if {@code basedOn} is still its latest. */
    PolicyVersion update(String name, String document, int basedOn, String author, String note) {
        ApiParameters.note(note);
        Policy policy = checked(document);
        if (!policy.name().equals(name)) {
            throw new InvalidDocumentException("/name", "is \"" + policy.name() + "\" but this is policy " + name
                    + "; a policy keeps its name (create a new one to rename)");
        }
        return store.update(policy, basedOn, document, author, note);
    }

    /** Saves an old version's document as the next version. */
    PolicyVersion restore(String name, int version, int basedOn, String author) {
        StoredPolicy old = store.version(name, version);
        return store.update(checked(old.document()), basedOn, old.document(), author, "restored v" + version);
    }

    /** Two versions side by side, each written out the same way so that only what changed differs, unchanged runs folded. */
    List<FoldedDiff.Part> diff(String name, int from, int to) {
        return FoldedDiff.ofDocuments(store.version(name, from).document(), store.version(name, to).document());
    }

    /**
     * What each version up to {@code newest} changed against the one before, by version number (v1 has none). Saved
     * versions never change, so the summaries of a policy are made once for each newest version, in one pass.
     */
    Map<Integer, List<String>> summaries(String name, int newest) {
        return summaries.get(new Key(name, newest), key -> {
            Map<Integer, List<String>> byVersion = new HashMap<>();
            String[] before = {null};
            store.eachDocument(name, newest, (version, document) -> {
                byVersion.put(version, before[0] == null ? List.of() : VersionSummary.of(before[0], document));
                before[0] = document;
            });
            return Map.copyOf(byVersion);
        });
    }
}
