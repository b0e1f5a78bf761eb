package dev.landlockstudio.enforcer.kernels;

/** Clean-ups that must run even when the JVM is stopped by a signal, taken back once done the ordinary way. */
final class ShutdownHooks {

    private ShutdownHooks() {
    }

    static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs anyway.
        }
    }
}
