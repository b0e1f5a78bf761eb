package dev.landlockstudio.web.api;

/** A request parameter (query, header or path) the API cannot use; the answer names it and says what to send. */
public final class BadParameter extends RuntimeException {

    private final String parameter;

    public BadParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
