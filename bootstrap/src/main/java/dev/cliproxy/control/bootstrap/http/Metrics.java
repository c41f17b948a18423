package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.GetSupervisionStatusUseCase;
import dev.cliproxy.control.application.usecase.GetUsageCollectorStatusUseCase;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaResult;
import dev.cliproxy.control.domain.model.UsageCollectorStatus;
import dev.cliproxy.control.domain.model.UsageRecord;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics} in Prometheus' text format, through Micrometer's Prometheus registry: whether the proxy is
 * up and how often the supervisor restarted it, the requests, failures and tokens the usage collector stored (by
 * fleet instance, provider and model, counted since this server started), the quota last fetched per account and
 * model (never fetched for a scrape), each account's seconds to token expiry, the accounts paused, the usage
 * collector's state per instance, and this server's own request durations by route. One registry per running API
 * server. The fleet instance is the label {@code proxy}: Prometheus keeps {@code instance} for the scraped target.
 */
final class Metrics implements Filter, AutoCloseable {

    /** The path, outside the API's base path, where Prometheus expects it. */
    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final System.Logger LOG = System.getLogger(Metrics.class.getName());

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final HttpApi api;
    private final MultiGauge quotaRemaining;
    private final MultiGauge quotaFetched;
    private final MultiGauge tokenExpiry;
    private final MultiGauge accountsPaused;
    private final MultiGauge collectorUp;
    private final Runnable unsubscribe;

    Metrics(HttpApi api) {
        this.api = api;
        Gauge.builder("cliproxy.proxy.up", api.process().status(), Metrics::up)
                .description("1 when the proxy of the current port runs and answers, else 0").register(registry);
        FunctionCounter.builder("cliproxy.proxy.restarts", api.process().supervision(), Metrics::restarts)
                .description("How often the supervisor started a crashed proxy again since this server started")
                .register(registry);
        collectorUp = MultiGauge.builder("cliproxy.usage.collector.up")
                .description("1 while the usage collector drains the instance's queue, else 0 (off, or a problem:"
                        + " see /api/cliproxy/usage/status)").register(registry);
        quotaRemaining = MultiGauge.builder("cliproxy.quota.remaining")
                .description("Quota remaining per account and model as last fetched (unit: tokens, requests or"
                        + " percent)").register(registry);
        quotaFetched = MultiGauge.builder("cliproxy.quota.fetched.timestamp").baseUnit("seconds")
                .description("When the account's quota was last fetched (epoch seconds)").register(registry);
        tokenExpiry = MultiGauge.builder("cliproxy.token.expiry").baseUnit("seconds")
                .description("Seconds until the account's token expires (negative: expired)").register(registry);
        accountsPaused = MultiGauge.builder("cliproxy.accounts.paused")
                .description("Accounts whose token file is in auth-paused/, by provider").register(registry);
        unsubscribe = api.usage().subscribe().apply(this::count);
    }

    /** Times every request by the route it matched, with its method and status. */
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String method = req.prologue().method().text();
        res.whenSent(() -> timers.computeIfAbsent(new TimerKey(method, req.matchingPattern().orElse("unmatched"),
                        res.status().code()), this::timer).record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        chain.proceed();
    }

    private Timer timer(TimerKey key) {
        return Timer.builder("cliproxy.http.server.requests")
                .description("This server's answers by route")
                .tags("method", key.method(), "route", key.route(), "status", Integer.toString(key.status()))
                .register(registry);
    }

    /** The tags of a request timer: found by this key, its tags and id are not built again on every request. */
    private record TimerKey(String method, String route, int status) {
    }

    void scrape(ServerRequest req, ServerResponse res) {
        refresh();
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, CONTENT_TYPE));
        res.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** The gauges read from what the server knows at the scrape. */
    private void refresh() {
        List<MultiGauge.Row<?>> remaining = new ArrayList<>();
        List<MultiGauge.Row<?>> fetched = new ArrayList<>();
        for (QuotaResult.Fetched known : api.usage().quotas().known()) {
            Tags account = Tags.of("provider", known.provider().id(), "account", known.accountId());
            fetched.add(MultiGauge.Row.of(account, known.fetchedAt().getEpochSecond()));
            for (QuotaEntry entry : known.quotas()) {
                if (entry.remaining() != null) {
                    remaining.add(MultiGauge.Row.of(account.and("model", entry.model(), "window",
                            entry.window() == null ? "" : entry.window(), "unit",
                            entry.unit().name().toLowerCase(Locale.ROOT)), entry.remaining()));
                }
            }
        }
        quotaRemaining.register(remaining, true);
        quotaFetched.register(fetched, true);
        List<MultiGauge.Row<?>> expiries = new ArrayList<>();
        Map<String, Integer> paused = new TreeMap<>();
        try {
            Instant now = api.usage().clock().instant();
            for (AccountStatus status : api.accounts().list().list()) {
                var token = status.token();
                paused.merge(token.provider(), token.paused() ? 1 : 0, Integer::sum);
                token.expiresAt().ifPresent(at -> expiries.add(MultiGauge.Row.of(
                        Tags.of("provider", token.provider(), "account", token.accountId()),
                        (at.toEpochMilli() - now.toEpochMilli()) / 1000.0)));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "metrics: the accounts could not be listed: {0}", e.getMessage());
        }
        tokenExpiry.register(expiries, true);
        List<MultiGauge.Row<?>> pausedRows = new ArrayList<>();
        paused.forEach((provider, count) -> pausedRows.add(MultiGauge.Row.of(Tags.of("provider", provider), count)));
        accountsPaused.register(pausedRows, true);
        collectorUp.register(collecting(api.usage().collector()), true);
    }

    private void count(List<UsageRecord> stored) {
        for (UsageRecord record : stored) {
            Tags tags = Tags.of("proxy", record.instance(), "provider", record.provider(), "model", record.model());
            counter("cliproxy.usage.requests", "Requests the usage collector stored", tags).increment();
            if (record.failed()) {
                counter("cliproxy.usage.failures", "Failed requests the usage collector stored", tags).increment();
            }
            tokens(tags, "input", record.tokens().input());
            tokens(tags, "output", record.tokens().output());
            tokens(tags, "reasoning", record.tokens().reasoning());
            tokens(tags, "cached", record.tokens().cached());
        }
    }

    private void tokens(Tags tags, String type, long count) {
        counter("cliproxy.usage.tokens", "Tokens of the requests the usage collector stored", tags.and("type", type))
                .increment(count);
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private static double up(GetProxyStatusUseCase status) {
        return safely(status, s -> s.status().running() ? 1 : 0);
    }

    private static double restarts(GetSupervisionStatusUseCase supervision) {
        return safely(supervision, s -> s.supervision().restarts());
    }

    /** One row per instance the collector knows (this machine's, each other one of the fleet). */
    private static List<MultiGauge.Row<?>> collecting(GetUsageCollectorStatusUseCase collector) {
        List<UsageCollectorStatus.Instance> instances;
        try {
            instances = collector.status().instances();
        } catch (RuntimeException e) {
            // Not knowing is not collecting: this machine's says so rather than vanishing from the scrape.
            return List.of(MultiGauge.Row.of(Tags.of("proxy", UsageRecord.LOCAL), 0));
        }
        return instances.stream().<MultiGauge.Row<?>>map(instance -> MultiGauge.Row.of(
                Tags.of("proxy", instance.instance()),
                instance.state() == UsageCollectorStatus.State.COLLECTING ? 1 : 0)).toList();
    }

    private static <T> double safely(T source, ToDoubleFunction<T> read) {
        try {
            return read.applyAsDouble(source);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Stops counting stored records; the registry goes with this object. */
    @Override
    public void close() {
        unsubscribe.run();
        registry.close();
    }
}
