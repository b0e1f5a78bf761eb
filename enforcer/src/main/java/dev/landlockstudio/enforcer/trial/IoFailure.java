package dev.landlockstudio.enforcer.trial;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A file operation of a trial that failed, as a sentence: the JDK's messages are often the bare path. */
final class IoFailure {

    private IoFailure() {
    }

    /** @param doing what the trial was doing, such as "laying out /srv/f for the probe" */
    static IOException of(String doing, IOException e) {
        String what;
        if (e instanceof FileSystemException fs) {
            String at = fs.getFile() == null ? "the path" : fs.getFile();
            if (fs instanceof FileAlreadyExistsException) {
                what = at + " is already there as something that is not a directory";
            } else if (fs instanceof NoSuchFileException) {
                what = at + " does not exist";
            } else if (fs instanceof NotDirectoryException) {
                what = at + " is not a directory";
            } else if (fs instanceof DirectoryNotEmptyException) {
                what = at + " is a directory that is not empty";
            } else if (fs instanceof AccessDeniedException) {
                what = at + " may not be changed by this process (permission denied)";
            } else {
                what = at + (fs.getReason() == null ? " could not be used" : ": " + fs.getReason());
            }
        } else {
            what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new IOException("the trial failed while " + doing + ": " + what
                + "; correct the policy's or the probe's paths, or try in a scratch tree", e);
    }
}
