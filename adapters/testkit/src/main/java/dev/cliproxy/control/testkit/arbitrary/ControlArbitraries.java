package dev.cliproxy.control.testkit.arbitrary;

import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Release;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries of the control plane's values. Use them from a {@code @Provide} method, or let
 * {@link ControlArbitraryProvider} give them to {@code @ForAll} parameters of the types it knows.
 */
public final class ControlArbitraries {

    /** Names every platform refuses or that leave their directory: all are 400 or 404, never a read. */
    private static final List<String> KNOWN_HOSTILE = List.of("..", ".", "../config.yaml", "../../etc/passwd",
            "/etc/passwd", "a/b.json", "a\\b.json", "..\\..\\x", "C:x.json", "x\u0000.json", "x\n.json", "x\r.json",
            "%2e%2e", "%2F", "CON", "nul.json", "LPT1.txt", "trailing.", "trailing ", " leading", "x\u202e.json",
            "x\uFFFD.json", "a:b", "a*b", "a?b", "a|b", "a<b", "a>b", "a\"b", "");

    private ControlArbitraries() {
    }

    /** Plain file names of token files ({@code .json}), as the CLI writes them. */
    public static Arbitrary<String> validAuthFileNames() {
        Arbitrary<String> stem = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-@")
                .ofMinLength(1).ofMaxLength(24);
        Arbitrary<String> prefix = Arbitraries.of("", "codex-", "claude-", "gemini-", "kiro-", "ghcp-", "agy-");
        return Combinators.combine(prefix, stem).as((p, s) -> p + s + ".json")
                .filter(name -> AuthFileName.parse(name).isPresent());
    }

    /** Plain {@code error-*.log} names, mostly with the proxy's own timestamp form. */
    public static Arbitrary<String> validErrorLogNames() {
        Arbitrary<String> stamped = Arbitraries.longs().between(1_700_000_000_000L, 1_900_000_000_000L)
                .map(ms -> "error-" + Instant.ofEpochMilli(ms).toString().replace(":", "-").replace(".", "-") + ".log");
        Arbitrary<String> odd = Arbitraries.strings().withChars("abcXYZ019_-.é漢").ofMinLength(1).ofMaxLength(12)
                .map(s -> "error-" + s + ".log");
        return Arbitraries.oneOf(stamped, odd).filter(name -> ErrorLogName.parse(name).isPresent());
    }

    /** Names a request may carry that must never reach a file: traversal, separators, controls, devices. */
    public static Arbitrary<String> hostileFileNames() {
        Arbitrary<String> known = Arbitraries.of(KNOWN_HOSTILE);
        Arbitrary<String> traversal = Combinators.combine(Arbitraries.of("../", "..\\", "/", "\\", "./../"),
                        Arbitraries.integers().between(1, 4), Arbitraries.of("passwd", "config.yaml", "x.json"))
                .as((step, times, target) -> step.repeat(times) + target);
        Arbitrary<String> control = Combinators.combine(validAuthFileNames(),
                        Arbitraries.chars().range('\u0000', '\u001f'), Arbitraries.integers().between(0, 5))
                .as((name, c, at) -> name.substring(0, Math.min(at, name.length())) + c
                        + name.substring(Math.min(at, name.length())));
        Arbitrary<String> tooLong = Arbitraries.integers().between(256, 400).map(n -> "a".repeat(n) + ".json");
        return Arbitraries.oneOf(known, traversal, control, tooLong)
                .filter(name -> AuthFileName.parse(name).isEmpty());
    }

    /** Error logs in the v6, v7 and API document formats, with the status and model their structure carries. */
    public static Arbitrary<ErrorLogFile> errorLogFiles() {
        Arbitrary<String> model = Arbitraries.of("gpt-5-codex", "gemini-3-flash-preview", "claude-sonnet-4-5",
                "kiro-auto", "qwen3-coder");
        Arbitrary<Integer> status = Arbitraries.of(400, 401, 403, 404, 429, 500, 502, 503, 504);
        Arbitrary<ErrorLogFile.Format> format = Arbitraries.of(ErrorLogFile.Format.class);
        Arbitrary<Integer> padding = Arbitraries.integers().between(0, 40);
        return Combinators.combine(validErrorLogNames(), format, model, status, padding)
                .as((name, f, m, s, pad) -> new ErrorLogFile(name, f, switch (f) {
                    case V6 -> SampleErrorLogs.v6(m, s, pad);
                    case V7 -> SampleErrorLogs.v7(m, s, pad);
                    case DOCUMENT -> SampleErrorLogs.document(m, s, pad);
                }, OptionalInt.of(s), Optional.of(m)));
    }

    /** Release numbers as tags and versions are written: {@code X.Y.Z}, {@code X.Y.Z-N}, with or without {@code v}. */
    public static Arbitrary<String> versions() {
        Arbitrary<Integer> part = Arbitraries.integers().between(0, 30);
        Arbitrary<Optional<Integer>> build = Arbitraries.integers().between(0, 9).optional();
        return Combinators.combine(Arbitraries.of("", "v"), part, part, part, build)
                .as((v, major, minor, patch, b) -> v + major + "." + minor + "." + patch + b.map(n -> "-" + n).orElse(""));
    }

    /** Releases of the feed, some of them prereleases. */
    public static Arbitrary<Release> releases() {
        return Combinators.combine(versions(), Arbitraries.of(false, false, true),
                        Arbitraries.longs().between(1_700_000_000L, 1_800_000_000L))
                .as((v, pre, at) -> Release.ofTag(v, pre, Optional.of(Instant.ofEpochSecond(at))).orElseThrow());
    }

    /** Every answer a provider's quota endpoint may give: its usable body, refusals, a timeout, no answer. */
    public static Arbitrary<QuotaAnswer> quotaAnswers(QuotaProvider provider) {
        return Arbitraries.oneOf(okAnswers(provider), Arbitraries.of(401, 403, 404, 429, 500, 503)
                .map(QuotaAnswer::refused), Arbitraries.of(new QuotaAnswer.TimesOut(), new QuotaAnswer.Unreachable()));
    }

    /**
     * The usable (200) answers of a built-in provider's quota endpoint, in its own shape (ccs-behaviour.md §5); an
     * empty object for any other.
     */
    public static Arbitrary<QuotaAnswer> okAnswers(QuotaProvider provider) {
        Arbitrary<Integer> percent = Arbitraries.integers().between(0, 100);
        return switch (provider.id()) {
            case "codex" -> percent.map(p -> QuotaAnswer.ok("{\"plan_type\":\"plus\",\"rate_limit\":{\"allowed\":true,"
                    + "\"primary_window\":{\"used_percent\":" + p + ",\"limit_window_seconds\":18000,"
                    + "\"reset_after_seconds\":3600}}}"));
            case "claude" -> percent.map(p -> QuotaAnswer.ok("{\"five_hour\":{\"utilization\":" + p
                    + ",\"resets_at\":\"2026-01-01T05:00:00Z\"}}"));
            case "kiro" -> Arbitraries.integers().between(0, 1000).map(used -> QuotaAnswer.ok(
                    "{\"nextDateReset\":1767225600,\"usageBreakdownList\":[{\"resourceType\":\"AGENTIC_REQUEST\","
                            + "\"usageLimit\":1000,\"currentUsage\":" + used + "}]}"));
            case "ghcp" -> Arbitraries.integers().between(0, 300).map(left -> QuotaAnswer.ok(
                    "{\"copilot_plan\":\"individual\",\"quota_reset_date\":\"2026-02-01\",\"quota_snapshots\":"
                            + "{\"premium_interactions\":{\"entitlement\":300,\"remaining\":" + left
                            + ",\"unlimited\":false}}}"));
            case "gemini" -> percent.map(p -> QuotaAnswer.ok("{\"buckets\":[{\"modelId\":\"gemini-2.5-pro\","
                    + "\"tokenType\":\"REQUESTS\",\"remainingFraction\":" + (p / 100.0) + "}]}"));
            case "agy" -> percent.map(p -> QuotaAnswer.ok("{\"cloudaicompanionProject\":{\"id\":\"agy-proj\"},"
                    + "\"models\":{\"gemini-3-pro\":{\"quotaInfo\":{\"remainingFraction\":" + (p / 100.0) + "}}}}"));
            default -> Arbitraries.just(QuotaAnswer.ok("{}")); // iflow, or a provider the testkit does not know
        };
    }

    /**
     * Config documents: YAML mappings the contract accepts for a proxy on the default port 8317, and documents it
     * refuses with 400.
     */
    public static Arbitrary<ConfigYaml> configDocuments() {
        return Arbitraries.oneOf(validConfigDocuments(), invalidConfigDocuments());
    }

    /** For the default port: {@code port: 8317} or no port at all (which means 8317), since any other is refused. */
    public static Arbitrary<ConfigYaml> validConfigDocuments() {
        Arbitrary<String> port = Arbitraries.of("port: 8317\n", "");
        Arbitrary<List<String>> keys = Arbitraries.strings().alpha().numeric().ofMinLength(4).ofMaxLength(16)
                .map(k -> "sk-" + k).list().ofMaxSize(3);
        Arbitrary<Boolean> debug = Arbitraries.of(true, false);
        return Combinators.combine(port, keys, debug).as((p, k, d) -> {
            StringBuilder yaml = new StringBuilder(p + "host: 127.0.0.1\ndebug: " + d + "\n");
            if (!k.isEmpty()) {
                yaml.append("api-keys:\n");
                k.forEach(key -> yaml.append("  - ").append(key).append('\n'));
            }
            return new ConfigYaml(yaml.toString(), true);
        });
    }

    public static Arbitrary<ConfigYaml> invalidConfigDocuments() {
        return Arbitraries.of("port: [8317\n", "- a list\n- not a mapping\n", "just a scalar", "",
                        "port: 8317\n\tdebug: true\n", "{unclosed: mapping\n", "key: \"unterminated\n",
                        "a: b\n  c: d\n", "!!python/object:os.system x\n")
                .map(text -> new ConfigYaml(text, false));
    }
}
