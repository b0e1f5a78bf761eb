package dev.landlockstudio.compiler.problem;

import java.util.List;

/** A document that cannot be used, with every problem found in it. */
public class InvalidDocumentException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidDocumentException(List<Problem> problems) {
        super(problems.size() == 1 ? problems.get(0).toString() : problems.size() + " problems, first: " + problems.get(0));
        this.problems = List.copyOf(problems);
    }

    public InvalidDocumentException(String pointer, String message) {
        this(List.of(new Problem(pointer, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
