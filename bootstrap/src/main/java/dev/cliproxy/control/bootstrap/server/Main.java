package dev.cliproxy.control.bootstrap.server;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.CliProxyControlBuilder;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The standalone server: parses the flags, serves the API, and stops cleanly on SIGTERM or Ctrl-C. */
public final class Main {

    /** Held so that the level sticks: JUL keeps loggers only weakly. */
    private static final Logger HELIDON_LOG = Logger.getLogger("io.helidon");
    /** The access log's logger (named in {@code HttpServerOptions}); held for the same reason. */
    private static final Logger ACCESS_LOG = Logger.getLogger("dev.cliproxy.control.access");

    private Main() {
    }

    public static void main(String[] args) {
        int exit = run(args, System.out, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return switch (ServerCommandLine.parse(args, System.getenv())) {
            case ServerCommandLine.Help help -> {
                out.println(ServerCommandLine.USAGE);
                yield 0;
            }
            case ServerCommandLine.Invalid invalid -> {
                err.println("cliproxy-control: " + invalid.problem());
                err.println(ServerCommandLine.USAGE);
                yield 2;
            }
            case ServerCommandLine.Run run -> serve(run.settings(), out, err);
        };
    }

    /** Each access-log record as one line on {@code err}: the instant, then method, path, status and duration. */
    private static void oneLinePerRequest(PrintStream err) {
        BatchedLineHandler handler = new BatchedLineHandler(err);
        handler.setLevel(Level.INFO);
        ACCESS_LOG.setUseParentHandlers(false);
        ACCESS_LOG.addHandler(handler);
        ACCESS_LOG.setLevel(Level.INFO);
    }

    private static int serve(ServerCommandLine.ServerSettings settings, PrintStream out, PrintStream err) {
        // Helidon's start-up chatter is not for users; warnings and errors still show.
        HELIDON_LOG.setLevel(Level.WARNING);
        if (settings.accessLog()) {
            oneLinePerRequest(err);
        }
        CliProxyControlBuilder builder = CliProxyControl.builder();
        settings.ccsDirectory().ifPresent(builder::ccsDirectory);
        settings.proxyBinary().ifPresent(builder::proxyBinary);
        settings.upstreams().forEach(builder::upstream);
        builder.supervise(settings.supervise());
        builder.collectUsage(settings.collectUsage());
        try {
            settings.usageDatabase().ifPresent(builder::usageDatabase);
        } catch (IllegalArgumentException e) {
            err.println("cliproxy-control: " + e.getMessage());
            return 2;
        }
        HttpServerOptions options = new HttpServerOptions(settings.host(), settings.port(), settings.token(),
                settings.accessLog());
        CliProxyControl control = builder.build();
        HttpServerHandle server;
        try {
            server = control.serveHttp(options);
        } catch (RuntimeException e) {
            err.println("cliproxy-control: cannot serve on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage());
            control.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            stopped.countDown();
        }, "cliproxy-control-shutdown"));
        out.println("cliproxy-control listening on " + server.uri() + " (CCS directory "
                + control.layout().ccsDirectory() + ")");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
