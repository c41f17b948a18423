package dev.cliproxy.control.adapter.db;

import dev.cliproxy.control.testing.StandInConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for one test class, from Debian's {@code postgresql} package
 * ({@code /usr/lib/postgresql/<version>/bin}): {@code initdb} in a temp directory, {@code pg_ctl start} on a port the
 * OS picked, loopback only, trust authentication; {@link #close()} stops it ({@code -m immediate}) and deletes the
 * directory. PostgreSQL refuses to run as root, so as root its commands run as the package's {@code postgres} user.
 * {@link #binaries()} is empty where the package is not installed: tests are then skipped, saying so.
 */
final class TemporaryPostgres implements AutoCloseable {

    private final Path directory;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private int databases;

    private TemporaryPostgres(Path directory, Path bin, int port, boolean asPostgresUser) {
        this.directory = directory;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The newest installed server's binaries, if any. */
    static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(String name) {
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    static TemporaryPostgres start(Path bin) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path directory = Files.createTempDirectory("usage-postgres-");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = directory.resolve("data");
        Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (root) {
            UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(data, users.lookupPrincipalByName("postgres"));
            Files.setOwner(directory, users.lookupPrincipalByName("postgres"));
        }
        int port = StandInConfig.freePort();
        TemporaryPostgres server = new TemporaryPostgres(directory, bin, port, root);
        try {
            server.run("initdb", "-D", data.toString(), "-U", "test", "--auth=trust", "-E", "UTF8", "--no-sync");
            server.run("pg_ctl", "-D", data.toString(), "-l", directory.resolve("server.log").toString(), "-w",
                    "-t", "120", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + directory
                            + " -c fsync=off -c synchronous_commit=off", "start");
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A new, empty database on this server, as a JDBC URL. */
    String newDatabase() throws Exception {
        String name = "usage_" + (++databases);
        try (Connection admin = DriverManager.getConnection(url("postgres"));
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=test";
    }

    private void run(String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(tool + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(directory.resolve("data").resolve("postmaster.pid"))) {
                run("pg_ctl", "-D", directory.resolve("data").toString(), "-m", "immediate", "-w", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
