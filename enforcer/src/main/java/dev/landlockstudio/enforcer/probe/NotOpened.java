package dev.landlockstudio.enforcer.probe;

/**
 * A probe on the host's own paths that was not tried because of what is there: opening a FIFO can block, a device or
 * a socket can act. The message says what the entry is and why.
 */
public final class NotOpened extends RuntimeException {

    NotOpened(String path, String kind) {
        super(path + " is " + kind + ": opening it could block or act on something else, so it was not tried; on the"
                + " host's own paths probes open only regular files and directories (try a scratch run for other kinds)");
    }
}
