package dev.landlockstudio.compiler.fs;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.json.JsonSchemas;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads a filesystem view document (fs-view.schema.json); problems name their JSON pointer. */
public final class FsViewReader {

    public static final String SCHEMA = "fs-view.schema.json";

    private FsViewReader() {
    }

    public static FsView read(String text) {
        JsonNode tree = Json.parse(text);
        List<Problem> problems = JsonSchemas.validate(SCHEMA, tree);
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
        FsView.Builder view = new FsView.Builder();
        tree.path("entries").properties().forEach(e -> view.add(e.getKey(), type(e.getValue().stringValue())));
        tree.path("symlinks").properties().forEach(e -> view.symlink(e.getKey(), e.getValue().stringValue()));
        tree.path("bindMounts").forEach(b -> view.bind(b.get("source").stringValue(), b.get("target").stringValue()));
        for (JsonNode overlay : tree.path("overlayMounts")) {
            List<String> lower = new ArrayList<>();
            overlay.get("lower").forEach(l -> lower.add(l.stringValue()));
            view.overlay(overlay.get("merged").stringValue(), lower, overlay.get("upper").stringValue());
        }
        return view.build();
    }

    private static FsView.Type type(String name) {
        return FsView.Type.valueOf(name.toUpperCase());
    }
}
