package dev.cliproxy.control.bootstrap.server;

import dev.cliproxy.control.CliProxyControlBuilder;
import dev.cliproxy.control.domain.model.Upstream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
              --ccs-dir DIR          the CCS directory (default $CCS_DIR, else $CCS_HOME/.ccs, else $HOME/.ccs)
              --proxy-binary FILE    the proxy executable (default the backend's, cliproxy.backend of the ccs
                                     settings: <ccs-dir>/cliproxy/bin/original/cli-proxy-api, or
                                     bin/plus/cli-proxy-api-plus for plus)
              --token TOKEN          access token; required when --host is not a loopback address
              --upstream NAME=URL    call URL instead of the real host of NAME (repeatable); NAME is one of
                                     agy, gemini, codex, kiro, ghcp, claude, github (the release feed)
              --access-log           log each request (method, path, status, duration) to stderr
              --supervise            start the proxy again when it crashes, whatever supervision.enabled
                                     of <ccs-dir>/cliproxy/control.yaml says
              --collect-usage        drain the proxy's usage queue into the usage history, whatever
                                     usage.enabled of <ccs-dir>/cliproxy/control.yaml says
              --usage-db URL         the usage history's database: jdbc:postgresql://host:port/db?user=..
                                     (shared by several servers) or jdbc:sqlite:FILE
                                     (default <ccs-dir>/cliproxy/usage.db)
              --help                 print this help

            Every option can also be set in the environment as CLIPROXY_CONTROL_<NAME>,
            for example CLIPROXY_CONTROL_PORT=3001; CLIPROXY_CONTROL_UPSTREAM takes a comma-separated list,
            CLIPROXY_CONTROL_ACCESS_LOG, CLIPROXY_CONTROL_SUPERVISE and CLIPROXY_CONTROL_COLLECT_USAGE take true
            or false.""";

    private static final List<String> FLAGS = List.of("host", "port", "ccs-dir", "proxy-binary", "token", "upstream",
            "usage-db");
    /** A flag without a value. Off by default: a dashboard polling the status would flood the log. */
    private static final String ACCESS_LOG = "access-log";
    /** A flag without a value: supervision on whatever the control settings say. */
    private static final String SUPERVISE = "supervise";
    /** A flag without a value: usage collection on whatever the control settings say. */
    private static final String COLLECT_USAGE = "collect-usage";
    private static final List<String> SWITCHES = List.of(ACCESS_LOG, SUPERVISE, COLLECT_USAGE);

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
                          Optional<String> token, Map<Upstream, URI> upstreams, boolean accessLog,
                          boolean supervise, boolean collectUsage, Optional<String> usageDatabase) {
    }

    static Parsed parse(String[] args, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        List<String> upstreams = new ArrayList<>();
        for (String flag : FLAGS) {
            String twin = environment.get("CLIPROXY_CONTROL_" + flag.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (twin != null && !twin.isBlank()) {
                values.put(flag, twin);
            }
        }
        for (String flag : SWITCHES) {
            String variable = "CLIPROXY_CONTROL_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
            String twin = environment.get(variable);
            if (twin != null && !twin.isBlank()) {
                switch (twin.strip().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes" -> values.put(flag, "true");
                    case "false", "0", "no" -> { }
                    default -> {
                        return new Invalid(variable + " must be true or false");
                    }
                }
            }
        }
        if (values.containsKey("upstream")) {
            upstreams.addAll(Arrays.asList(values.remove("upstream").split(",")));
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
            if (SWITCHES.contains(name)) {
                values.put(name, "true");
                continue;
            }
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
            if (name.equals("upstream")) {
                upstreams.add(value);
            } else {
                values.put(name, value);
            }
        }
        return settings(values, upstreams);
    }

    private static Parsed settings(Map<String, String> values, List<String> upstreamArguments) {
        Map<Upstream, URI> upstreams = new HashMap<>();
        List<Upstream> known = CliProxyControlBuilder.builtInUpstreams();
        for (String argument : upstreamArguments) {
            int equals = argument.indexOf('=');
            String name = equals > 0 ? argument.substring(0, equals).strip() : "";
            Optional<Upstream> upstream = known.stream().filter(u -> u.id().equals(name)).findFirst();
            if (upstream.isEmpty()) {
                return new Invalid("--upstream takes NAME=URL with NAME one of "
                        + known.stream().map(Upstream::id).toList() + ", was '" + argument + "'");
            }
            try {
                URI url = new URI(argument.substring(equals + 1).strip());
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                    return new Invalid("--upstream " + upstream.get().id() + " needs an http or https URL");
                }
                upstreams.put(upstream.get(), url);
            } catch (URISyntaxException e) {
                return new Invalid("--upstream " + upstream.get().id() + " needs an http or https URL");
            }
        }
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
        Optional<String> usageDatabase = Optional.ofNullable(values.get("usage-db")).map(String::strip);
        if (usageDatabase.isPresent() && !usageDatabase.get().startsWith("jdbc:postgresql://")
                && !usageDatabase.get().matches("jdbc:sqlite:[^:].*")) {
            // Never the value itself: a database URL may hold a password.
            return new Invalid("--usage-db takes jdbc:postgresql://host:port/database or jdbc:sqlite:FILE");
        }
        return new Run(new ServerSettings(host, port,
                Optional.ofNullable(values.get("ccs-dir")).map(Path::of),
                Optional.ofNullable(values.get("proxy-binary")).map(Path::of),
                token, Map.copyOf(upstreams), values.containsKey(ACCESS_LOG), values.containsKey(SUPERVISE),
                values.containsKey(COLLECT_USAGE), usageDatabase));
    }
}
