package dev.landlockstudio.compiler.formats;

/** Reads another tool's format of lines (an environment, profile lines) back into a policy document. */
public interface LineImporter {

    /** Null when {@code text} carries this format's marks (a line only it has), else why not, in a few words. */
    String mismatch(String text);

    /**
     * @param name the name to give the policy
     * @throws dev.landlockstudio.compiler.problem.InvalidDocumentException naming the line and token of each problem
     */
    Importer.Imported read(String text, String name);
}
