package dev.landlockstudio.compiler.problem;

/**
 * One thing wrong with an input document.
 *
 * @param pointer JSON pointer to the offending value ("" is the whole document)
 * @param message what is wrong and what to change
 */
public record Problem(String pointer, String message) {

    /** The pointer as shown to people: the root is "/". */
    public String displayPointer() {
        return pointer.isEmpty() ? "/" : pointer;
    }

    @Override
    public String toString() {
        return displayPointer() + ": " + message;
    }
}
