package dev.landlockstudio.compiler.layers;

import java.util.Optional;

/** Where base policies are found by name: the files given on the command line, or the web's store. */
@FunctionalInterface
public interface Bases {

    /** Nothing to extend: every base named is unknown. */
    Bases NONE = name -> Optional.empty();

    /** The document of the policy called {@code name}, as text, or empty when there is none. */
    Optional<String> document(String name);
}
