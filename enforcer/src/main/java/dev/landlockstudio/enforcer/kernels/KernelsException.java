package dev.landlockstudio.enforcer.kernels;

/** Fetching or booting a stock kernel could not be done; the message says why and what to do. */
public final class KernelsException extends RuntimeException {

    public KernelsException(String message) {
        super(message);
    }

    public KernelsException(String message, Throwable cause) {
        super(message, cause);
    }
}
