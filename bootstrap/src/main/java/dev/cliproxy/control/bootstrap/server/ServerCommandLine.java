package dev.cliproxy.control.bootstrap.server;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone server's flags (contract §5). Each flag has an environment twin
 * {@code CLIPROXY_CONTROL_<NAME>}; a flag given on the command line wins over its twin.
 */
final class ServerCommandLine {

    static final String USAGE = """
            Usage: cliproxy-control [options]

              --host HOST            address to bind (default 127.0.0.1)
              --port PORT            port to bind, 0 picks a free one (default 3000)
              --ccs-dir DIR          the CCS directory (default $CCS_DIR, else $CCS_HOME/.ccs, else ~/.ccs)
              --proxy-binary FILE    the proxy executable (default <ccs-dir>/cliproxy/bin/original/cli-proxy-api)
              --token TOKEN          access token; required when --host is not a loopback address
              --help                 print this help

            Every option can also be set in the environment as CLIPROXY_CONTROL_<NAME>,
            for example CLIPROXY_CONTROL_PORT=3001.""";

    private static final List<String> FLAGS = List.of("host", "port", "ccs-dir", "proxy-binary", "token");

    private ServerCommandLine() {
    }

    /** What the command line asks for. */
    sealed interface Parsed {
    }

    record Run(ServerSettings settings) implements Parsed {
    }

    record Help() implements Parsed {
    }

    record Invalid(String problem) implements Parsed {
    }

    /** The settings of one server run. */
    record ServerSettings(String host, int port, Optional<Path> ccsDirectory, Optional<Path> proxyBinary,
                          Optional<String> token) {
    }

    static Parsed parse(String[] args, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        for (String flag : FLAGS) {
            String twin = environment.get("CLIPROXY_CONTROL_" + flag.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (twin != null && !twin.isBlank()) {
                values.put(flag, twin);
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Help();
            }
            if (!arg.startsWith("--")) {
                return new Invalid("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (!FLAGS.contains(name)) {
                return new Invalid("unknown option '--" + name + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    return new Invalid("option '--" + name + "' needs a value");
                }
                value = args[++i];
            }
            values.put(name, value);
        }
        return settings(values);
    }

    private static Parsed settings(Map<String, String> values) {
        String host = values.getOrDefault("host", "127.0.0.1").strip();
        if (host.isEmpty()) {
            return new Invalid("--host must not be empty");
        }
        int port;
        try {
            port = Integer.parseInt(values.getOrDefault("port", "3000").strip());
        } catch (NumberFormatException e) {
            return new Invalid("--port must be a number from 0 to 65535");
        }
        if (port < 0 || port > 65535) {
            return new Invalid("--port must be a number from 0 to 65535");
        }
        Optional<String> token = Optional.ofNullable(values.get("token")).filter(t -> !t.isBlank());
        return new Run(new ServerSettings(host, port,
                Optional.ofNullable(values.get("ccs-dir")).map(Path::of),
                Optional.ofNullable(values.get("proxy-binary")).map(Path::of),
                token));
    }
}
