package dev.cliproxy.control.adapter.process;

import dev.cliproxy.control.domain.model.ProcessInfo;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** A proxy this JVM launched: its exit is known at once (it is our child) and its output is in a file. */
final class OsLaunchedProxy implements ProxyProcessPort.LaunchedProxy {

    private final Process process;
    private final ProcessInfo info;
    private final OutputLog output;
    private final long outputOffset;

    OsLaunchedProxy(Process process, ProcessInfo info, OutputLog output, long outputOffset) {
        this.process = process;
        this.info = info;
        this.output = output;
        this.outputOffset = outputOffset;
    }

    @Override
    public ProcessInfo process() {
        return info;
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    @Override
    public String outputTail(int maxLines) {
        return output.tail(outputOffset, maxLines);
    }
}
