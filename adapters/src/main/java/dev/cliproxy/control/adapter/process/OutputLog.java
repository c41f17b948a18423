package dev.cliproxy.control.adapter.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The file that receives a launched proxy's stdout and stderr, kept to about twice {@code capBytes}: over the
 * cap, the file moves to {@code <name>.1} (replacing the previous one) before a launch, and while this program
 * runs it is copied there (whole: through a rename) and emptied. The proxy appends (O_APPEND), so it carries on
 * at the new end.
 */
final class OutputLog {

    static final long DEFAULT_CAP_BYTES = 8L * 1024 * 1024;
    private static final long CHECK_EVERY_SECONDS = 5;
    private static final int TAIL_BYTES = 16 * 1024;

    private final Path file;
    private final long capBytes;

    OutputLog(Path file, long capBytes) {
        this.file = file;
        this.capBytes = capBytes;
    }

    Path file() {
        return file;
    }

    /** Rotates an oversized file; returns where this launch's output will begin. */
    long prepare() throws IOException {
        if (size() > capBytes) {
            Files.move(file, rotated(), StandardCopyOption.REPLACE_EXISTING);
        }
        return size();
    }

    /** Watches the size on a virtual thread that ends with the process. */
    void capWhileAlive(Process process) {
        Thread.ofVirtual().name("cliproxy-output-cap-" + process.pid()).start(() -> {
            while (true) {
                try {
                    process.onExit().get(CHECK_EVERY_SECONDS, TimeUnit.SECONDS);
                    return;
                } catch (TimeoutException stillRunning) {
                    capNow();
                } catch (InterruptedException | ExecutionException e) {
                    return;
                }
            }
        });
    }

    void capNow() {
        try {
            if (size() > capBytes) {
                // Copied beside it, then renamed: whoever reads <name>.1 sees the old copy or the new one, whole.
                Path copy = file.resolveSibling(file.getFileName() + ".1.partial");
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.move(copy, rotated(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(0);
                }
            }
        } catch (IOException e) {
            // The next check tries again; a full disk is what this guards against, so never fail loudly here.
        }
    }

    /** The last {@code maxLines} lines written since {@code offset} (or since the file was last emptied). */
    String tail(long offset, int maxLines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = offset <= length ? offset : 0;
            from = Math.max(from, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).strip().split("\\R");
            return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - maxLines), lines.length));
        } catch (IOException e) {
            return "";
        }
    }

    private long size() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private Path rotated() {
        return file.resolveSibling(file.getFileName() + ".1");
    }
}
