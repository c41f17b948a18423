package dev.cliproxy.control.adapter.fs;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Turns an I/O failure into a detail for a person that names no local path (contract §2): the JDK puts paths in
 * the messages of its file exceptions, so only their reason (the OS's words) is kept; the path stays in the cause,
 * for the server's log.
 */
final class FileErrors {

    private FileErrors() {
    }

    static String reason(Exception e) {
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason();
            return reason != null ? reason : fs.getClass().getSimpleName();
        }
        if (e instanceof PathFree described) {
            return described.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    /** An I/O failure described by this project in words that name no path, so they may reach an answer. */
    static final class PathFree extends IOException {

        PathFree(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
