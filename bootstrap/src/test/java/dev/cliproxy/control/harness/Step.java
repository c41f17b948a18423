package dev.cliproxy.control.harness;

import dev.cliproxy.control.SessionOperations;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.testkit.arbitrary.ErrorLogFile;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One operation of the harness: a request to the API (through the facade or over HTTP) or a change of the world
 * around it (a file the proxy or the CLI writes, a crash, an upstream's answer). Steps carry no reference to a
 * world, so the same sequence can run against several; {@code toString} is what a counterexample shows.
 */
sealed interface Step {

    /** Runs the step; the API's answer, or empty for a change of the world. */
    Optional<ApiAnswer> run(ControlWorld world, Sessions sessions);

    /** The sessions a run has opened, oldest first. */
    final class Sessions {
        final List<SessionOperations.Handle> open = new java.util.ArrayList<>();
    }

    private static String via(boolean http) {
        return http ? " over HTTP" : " via the facade";
    }

    // --- process life cycle ---

    record Status(boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).status());
        }

        public String toString() {
            return "status" + via(http);
        }
    }

    record Start(boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).start());
        }

        public String toString() {
            return "start" + via(http);
        }
    }

    record Stop(boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).stop());
        }

        public String toString() {
            return "stop" + via(http);
        }
    }

    /** Several callers start the proxy at the same instant, half through the facade, half over HTTP. */
    record ConcurrentStarts(int callers) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<ApiAnswer>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    boolean http = i % 2 == 1;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return world.client(http).start();
                    }));
                }
                go.countDown();
                List<Object> all = new java.util.ArrayList<>();
                for (var answer : answers) {
                    all.add(answer.get());
                }
                return Optional.of(ApiAnswer.ok(java.util.Map.of("answers", all)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        public String toString() {
            return callers + " concurrent starts";
        }
    }

    record RestartControl() implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.restart();
            return Optional.empty();
        }

        public String toString() {
            return "restart the control server";
        }
    }

    record Crash() implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.crashProxy();
            return Optional.empty();
        }

        public String toString() {
            return "crash the proxy";
        }
    }

    /** A fault of the in-memory world: the next launch of the proxy fails so. */
    record NextLaunchFails(dev.cliproxy.control.testkit.InMemoryProxyHost.LaunchBehaviour behaviour) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            ((InMemoryWorld) world).host.nextLaunch(behaviour);
            return Optional.empty();
        }

        public String toString() {
            return "next launch " + behaviour;
        }
    }

    /** A fault of the in-memory world: the next config write fails half-way (a full disk). */
    record NextConfigWriteFails() implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            ((InMemoryWorld) world).config.failNextWrite();
            return Optional.empty();
        }

        public String toString() {
            return "disk full on the next config write";
        }
    }

    /** Sessions exist only in the facade (the HTTP API has no session routes). */
    record OpenSession() implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            try {
                sessions.open.add(world.control().sessions().open());
                return Optional.of(ApiAnswer.ok(java.util.Map.of("opened", true)));
            } catch (dev.cliproxy.control.domain.error.ControlException e) {
                return Optional.of(FacadeClient.answer(e));
            }
        }

        public String toString() {
            return "open a session";
        }
    }

    record CloseSession() implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            if (!sessions.open.isEmpty()) {
                sessions.open.removeFirst().close();
            }
            return Optional.empty();
        }

        public String toString() {
            return "close the oldest open session";
        }
    }

    // --- config.yaml ---

    record ReadConfig(boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).readConfig());
        }

        public String toString() {
            return "read config.yaml" + via(http);
        }
    }

    record ReadConfigBackup(boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).readConfigBackup());
        }

        public String toString() {
            return "read config.yaml's backup" + via(http);
        }
    }

    /** How a config write names the version it replaces. */
    enum Precondition { NONE, CURRENT_ETAG, STALE_ETAG }

    /** {@code extra}: lines added to the world's base config (valid), or a whole document that is not YAML. */
    record WriteConfig(String extra, boolean valid, Precondition precondition, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            Optional<String> ifMatch = switch (precondition) {
                case NONE -> Optional.empty();
                case CURRENT_ETAG -> world.client(false).readConfig().etag();
                case STALE_ETAG -> Optional.of(EntityTag.of("an older version".getBytes(StandardCharsets.UTF_8))
                        .headerValue());
            };
            return Optional.of(world.client(http).writeConfig(content(world), ifMatch));
        }

        String content(ControlWorld world) {
            return valid ? world.baseConfig() + extra : extra;
        }

        public String toString() {
            return "write " + (valid ? "valid config +" : "INVALID config ") + '"' + extra.replace("\n", "\\n") + '"'
                    + (precondition == Precondition.NONE ? "" : " with " + precondition) + via(http);
        }
    }

    // --- error logs ---

    record PutLog(ErrorLogFile log) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.putLog(log);
            return Optional.empty();
        }

        public String toString() {
            return "proxy writes " + log;
        }
    }

    record DeleteLog(String name) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.deleteLog(name);
            return Optional.empty();
        }

        public String toString() {
            return "delete log " + name;
        }
    }

    record ListLogs(boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).listErrorLogs());
        }

        public String toString() {
            return "list error logs" + via(http);
        }
    }

    record ReadLog(String name, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).readErrorLog(name));
        }

        public String toString() {
            return "read log " + Names.show(name) + via(http);
        }
    }

    // --- auth files ---

    record PutAuthFile(String name, String content) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.putAuthFile(name, content.getBytes(StandardCharsets.UTF_8));
            return Optional.empty();
        }

        public String toString() {
            return "write auth file " + name + " (" + content.length() + " chars)";
        }
    }

    record DeleteAuthFile(String name) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.deleteAuthFile(name);
            return Optional.empty();
        }

        public String toString() {
            return "delete auth file " + name;
        }
    }

    record ListAuthFiles(boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).listAuthFiles());
        }

        public String toString() {
            return "list auth files" + via(http);
        }
    }

    record DownloadAuthFile(String name, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).downloadAuthFile(name));
        }

        public String toString() {
            return "download auth file " + Names.show(name) + via(http);
        }
    }

    // --- quota ---

    record AddAccount(QuotaProvider provider, String accountId) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.putAccount(provider, accountId);
            return Optional.empty();
        }

        public String toString() {
            return "log in " + provider.id() + " account " + accountId;
        }
    }

    /** A token file under any name and {@code type} (or none), as other tools and older versions wrote them. */
    record PutTokenFile(String name, Optional<String> type, String email) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.putTokenFile(name, type, email);
            return Optional.empty();
        }

        public String toString() {
            return "write token file " + name + " (type " + type.orElse("none") + ", email " + email + ")";
        }
    }

    record UpstreamAnswers(QuotaProvider provider, QuotaAnswer answer) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.upstream(provider, answer);
            return Optional.empty();
        }

        public String toString() {
            return provider.id() + " upstream answers " + answer;
        }
    }

    record Quota(String provider, String accountId, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).quota(provider, accountId));
        }

        public String toString() {
            return "quota " + Names.show(provider) + "/" + Names.show(accountId) + via(http);
        }
    }

    // --- accounts added and removed ---

    /** An import of {@code content} (a token file or not), named {@code name} or by the file's type and email. */
    record ImportAccount(String content, Optional<String> name, boolean replace, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).importAccount(content.getBytes(StandardCharsets.UTF_8), name,
                    replace));
        }

        public String toString() {
            return "import " + content + name.map(n -> " as " + Names.show(n)).orElse("")
                    + (replace ? " replacing" : "") + via(http);
        }
    }

    record DeleteAccount(String provider, String accountId, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).deleteAccount(provider, accountId));
        }

        public String toString() {
            return "delete account " + Names.show(provider) + "/" + Names.show(accountId) + via(http);
        }
    }

    record RestoreAccount(String provider, String accountId, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).restoreAccount(provider, accountId));
        }

        public String toString() {
            return "restore account " + Names.show(provider) + "/" + Names.show(accountId) + via(http);
        }
    }

    // --- update check and models ---

    record Feed(boolean up, List<Release> releases) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.feed(up, releases);
            return Optional.empty();
        }

        public String toString() {
            return up ? "feed up with " + releases.stream()
                    .map(r -> r.version() + (r.prerelease() ? " (pre)" : "")).collect(Collectors.joining(", ", "[", "]"))
                    : "feed down";
        }
    }

    record AdvanceClock(Duration step) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.advanceClock(step);
            return Optional.empty();
        }

        public String toString() {
            return step.toDays() > 0 ? "clock +" + step.toDays() + " days" : "clock +" + step.toMinutes() + " min";
        }
    }

    record UpdateCheck(boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).updateCheck());
        }

        public String toString() {
            return "update check" + via(http);
        }
    }

    record Models(boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).models());
        }

        public String toString() {
            return "list models" + via(http);
        }
    }

    // --- usage history ---

    /** The instant offsets of the usage steps count from (a UTC midnight), so counterexamples read short. */
    Instant USAGE_START = Instant.parse("2026-11-28T00:00:00Z");

    private static String at(long epochMillis) {
        long offset = epochMillis - USAGE_START.toEpochMilli();
        return (offset < 0 ? "-" : "+") + Duration.ofMillis(Math.abs(offset)).toString().substring(2);
    }

    /** Requests the proxies served reach the store, as a collector's batch: the same key twice is one request. */
    record ServeRequests(List<UsageRecord> records) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            world.storeUsage(records);
            return Optional.empty();
        }

        public String toString() {
            return "proxies served " + records.stream().map(r -> r.instance() + "/" + r.requestId() + "@"
                    + at(r.timestamp().toEpochMilli()) + " " + r.model() + " " + r.latencyMs() + "ms")
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    record QueryUsage(long from, long to, List<String> groupBy, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).usageReport(from, to, groupBy));
        }

        public String toString() {
            return "usage from " + at(from) + " to " + at(to) + " by " + groupBy + via(http);
        }
    }

    record PageUsage(long from, long to, int limit, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).usagePages(from, to, limit));
        }

        public String toString() {
            return "usage requests from " + at(from) + " to " + at(to) + ", pages of " + limit + via(http);
        }
    }

    record ExportUsage(long from, long to, String format, boolean http) implements Step {
        public Optional<ApiAnswer> run(ControlWorld world, Sessions sessions) {
            return Optional.of(world.client(http).usageExport(from, to, format));
        }

        public String toString() {
            return "usage export from " + at(from) + " to " + at(to) + " as " + format + via(http);
        }
    }

    /** Shows names with control characters visible, so a counterexample can be read and pasted. */
    final class Names {
        private Names() {
        }

        static String show(String name) {
            StringBuilder shown = new StringBuilder("\"");
            name.codePoints().forEach(c -> {
                if (c < 0x20 || c == 0x7f || c > 0x7e) {
                    shown.append(String.format("\\u%04x", c));
                } else {
                    shown.appendCodePoint(c);
                }
            });
            return shown.append('"').toString();
        }
    }
}
