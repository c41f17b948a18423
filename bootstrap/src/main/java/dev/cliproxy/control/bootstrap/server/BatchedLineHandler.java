package dev.cliproxy.control.bootstrap.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Writes each record as one line ({@code <instant> <message>}) from a background thread, in batches: the request
 * threads only enqueue, so the access log costs no lock and no write per request, and lines still appear within
 * moments (the writer flushes whenever the queue runs dry). Closing drains what is queued.
 */
final class BatchedLineHandler extends Handler {

    /** Past this many queued lines a request thread waits: the log slows requests rather than lose lines. */
    private static final int CAPACITY = 65_536;
    /** Queued by {@link #close()}: a sentinel, compared by identity, so no logged line can be mistaken for it. */
    private static final String END_OF_LINES = new String("end of lines");

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>(CAPACITY);
    private final BufferedWriter writer;
    private final Thread drainer;

    BatchedLineHandler(PrintStream target) {
        this.writer = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 64 * 1024);
        this.drainer = Thread.ofPlatform().daemon().name("access-log-writer").start(this::drain);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        try {
            lines.put(record.getInstant() + " " + record.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(lines.take());
                lines.drainTo(batch);
                for (String line : batch) {
                    if (line == END_OF_LINES) {
                        writer.flush();
                        return;
                    }
                    writer.write(line);
                    writer.newLine();
                }
                batch.clear();
                if (lines.isEmpty()) {
                    writer.flush();
                }
            }
        } catch (InterruptedException | IOException e) {
            // The process is ending or stderr is gone: nothing left to write to.
        }
    }

    @Override
    public void flush() {
        // The writer flushes on its own as soon as the queue runs dry.
    }

    @Override
    public void close() {
        try {
            lines.put(END_OF_LINES);
            drainer.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
