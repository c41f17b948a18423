package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.model.UsageFeedAnswer;
import dev.cliproxy.control.domain.model.UsageFeedKind;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.port.UsageFeedPort;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A proxy's usage feed in memory: a queue that {@link #pop} empties as the real one does (each record handed out
 * once), or, for a proxy before v6.10 ({@link UsageFeedKind#forVersion}), a history that {@link #history} returns
 * whole every time. A secret other than {@link #secret} is refused (401); {@link #down()} answers nothing. Counts
 * every call, so tests can tell that a refused or unsupported proxy is not asked again and again.
 */
public final class InMemoryUsageFeed implements UsageFeedPort {

    private final Deque<UsageRecord> queue = new ArrayDeque<>();
    private final List<UsageRecord> history = new ArrayList<>();
    private String secret = "ccs";
    private Optional<String> version = Optional.of("v6.10.8");
    private boolean statisticsEnabled = true;
    private boolean up = true;
    private boolean managementOff;
    private int calls;
    private int handedOut;

    /** Records the proxy served: queued (and kept in the history of an old version). */
    public synchronized InMemoryUsageFeed serve(List<UsageRecord> records) {
        queue.addAll(records);
        history.addAll(records);
        return this;
    }

    /** The version the proxy's answers carry ({@code X-CPA-VERSION}); empty for none. */
    public synchronized InMemoryUsageFeed version(Optional<String> newVersion) {
        version = newVersion;
        return this;
    }

    /** The management secret the proxy accepts. */
    public synchronized InMemoryUsageFeed secret(String accepted) {
        secret = accepted;
        return this;
    }

    /** {@code usage-statistics-enabled} of the proxy's config. */
    public synchronized InMemoryUsageFeed statisticsEnabled(boolean enabled) {
        statisticsEnabled = enabled;
        return this;
    }

    /** Every management route answers 404, as when the proxy's config has no secret-key. */
    public synchronized InMemoryUsageFeed managementOff(boolean off) {
        managementOff = off;
        return this;
    }

    public synchronized InMemoryUsageFeed down() {
        up = false;
        return this;
    }

    public synchronized InMemoryUsageFeed up() {
        up = true;
        return this;
    }

    /** How many calls the feed answered (or refused). */
    public synchronized int calls() {
        return calls;
    }

    /** How many records left the queue. */
    public synchronized int handedOut() {
        return handedOut;
    }

    /** How many records wait in the queue. */
    public synchronized int queued() {
        return queue.size();
    }

    @Override
    public synchronized UsageFeedAnswer probe(int port, String managementSecret) {
        return answer(managementSecret, false).orElseGet(() -> new UsageFeedAnswer.Probed(statisticsEnabled, version));
    }

    @Override
    public synchronized UsageFeedAnswer pop(int port, String managementSecret, int count, List<String> configKeys,
                                            String ccsKey) {
        return answer(managementSecret, kind() != UsageFeedKind.QUEUE).orElseGet(() -> {
            List<UsageRecord> batch = new ArrayList<>();
            while (batch.size() < count && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
            handedOut += batch.size();
            return new UsageFeedAnswer.Records(batch, version);
        });
    }

    @Override
    public synchronized UsageFeedAnswer history(int port, String managementSecret, List<String> configKeys,
                                                String ccsKey) {
        return answer(managementSecret, kind() != UsageFeedKind.LEGACY)
                .orElseGet(() -> new UsageFeedAnswer.Records(history, version));
    }

    /** The routes this version serves, by the domain's rule. */
    private UsageFeedKind kind() {
        return UsageFeedKind.forVersion(version);
    }

    private Optional<UsageFeedAnswer> answer(String managementSecret, boolean noSuchRoute) {
        calls++;
        if (!up) {
            return Optional.of(new UsageFeedAnswer.Unreachable("nothing answers"));
        }
        if (managementOff || noSuchRoute) {
            return Optional.of(new UsageFeedAnswer.NotServed(managementOff ? Optional.empty() : version));
        }
        if (!secret.equals(managementSecret)) {
            return Optional.of(new UsageFeedAnswer.Refused(401, version));
        }
        return Optional.empty();
    }
}
