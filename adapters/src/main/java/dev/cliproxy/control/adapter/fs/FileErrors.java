package dev.cliproxy.control.adapter.fs;

import java.nio.file.FileSystemException;

/** Turns an I/O failure into a detail for a person that names no local path (contract §2). */
final class FileErrors {

    private FileErrors() {
    }

    static String reason(Exception e) {
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason();
            return reason != null ? reason : fs.getClass().getSimpleName();
        }
        return e.getClass().getSimpleName();
    }
}
