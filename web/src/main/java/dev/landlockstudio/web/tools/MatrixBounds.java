package dev.landlockstudio.web.tools;

import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;

/**
 * What the matrix takes beyond the document's own bounds. Its work grows with every probe (each rule's path, each
 * port, under 66 cells) and with each path's depth, and the editor asks for it on every pause: past these, the
 * request is a problem at the first path or port beyond them, before any work.
 */
final class MatrixBounds {

    /** Kernel rules: one per path of a path rule, one per port of a port rule. */
    static final int MAX_RULES = 10_000;
    /** Components of one path; the kernel's PATH_MAX alone would allow 2047. */
    static final int MAX_DEPTH = 256;

    private MatrixBounds() {
    }

    static void check(ResolvedPolicy policy) {
        int rules = 0;
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            for (int i = 0; i < rule.paths().size(); i++) {
                String pointer = rule.pathPointer(i);
                if (++rules > MAX_RULES) {
                    throw tooManyRules(pointer);
                }
                int depth = FsView.components(rule.paths().get(i)).size();
                if (depth > MAX_DEPTH) {
                    throw new InvalidDocumentException(pointer, "the matrix takes paths of at most " + MAX_DEPTH
                            + " components; this one has " + depth);
                }
            }
        }
        for (ResolvedPolicy.PortRule rule : policy.portRules()) {
            for (int i = 0; i < rule.ports().size(); i++) {
                if (++rules > MAX_RULES) {
                    throw tooManyRules(rule.pointer() + "/ports/" + i);
                }
            }
        }
    }

    private static InvalidDocumentException tooManyRules(String pointer) {
        return new InvalidDocumentException(pointer, "the matrix takes at most " + MAX_RULES
                + " rules (each path and each port is one); this is one more");
    }
}
