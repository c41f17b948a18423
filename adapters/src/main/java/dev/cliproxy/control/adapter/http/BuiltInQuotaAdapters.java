package dev.cliproxy.control.adapter.http;

import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** The quota adapter of each built-in provider that publishes a quota API, made for that API's base URL. */
public final class BuiltInQuotaAdapters {

    private static final Map<QuotaProvider, BiFunction<URI, Clock, QuotaProviderPort>> ADAPTERS = Map.of(
            QuotaProvider.AGY, (base, clock) -> new JdkAntigravityQuotaAdapter(base),
            QuotaProvider.GEMINI, (base, clock) -> new JdkGeminiQuotaAdapter(base),
            QuotaProvider.CODEX, JdkCodexQuotaAdapter::new,
            QuotaProvider.KIRO, (base, clock) -> new JdkKiroQuotaAdapter(base),
            QuotaProvider.GHCP, (base, clock) -> new JdkCopilotQuotaAdapter(base),
            QuotaProvider.CLAUDE, (base, clock) -> new JdkClaudeQuotaAdapter(base));

    private BuiltInQuotaAdapters() {
    }

    /** {@code provider}'s adapter calling {@code base}; empty for a provider without a built-in adapter. */
    public static Optional<QuotaProviderPort> of(QuotaProvider provider, URI base, Clock clock) {
        return Optional.ofNullable(ADAPTERS.get(provider)).map(factory -> factory.apply(base, clock));
    }
}
