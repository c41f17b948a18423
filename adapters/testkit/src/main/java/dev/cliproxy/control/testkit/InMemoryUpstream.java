package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The providers' quota endpoints in memory: each provider answers its scripted {@link QuotaAnswer} (a body, an
 * HTTP status, a timeout, an unreachable host) to every call, and every call is recorded.
 */
public final class InMemoryUpstream implements UpstreamCallPort {

    private final Map<QuotaProvider, QuotaAnswer> answers = new HashMap<>();
    private final List<UpstreamRequest> calls = new CopyOnWriteArrayList<>();

    /** What {@code provider} answers from now on (default: an empty 200 body, no quotas). */
    public synchronized void answer(QuotaProvider provider, QuotaAnswer answer) {
        answers.put(provider, answer);
    }

    /** The calls made so far, oldest first. */
    public List<UpstreamRequest> calls() {
        return new ArrayList<>(calls);
    }

    @Override
    public UpstreamResponse call(UpstreamRequest request, Credential credential) {
        calls.add(request);
        QuotaAnswer answer;
        synchronized (this) {
            answer = answers.getOrDefault(credential.provider(), QuotaAnswer.ok("{}"));
        }
        return switch (answer) {
            case QuotaAnswer.Reply reply -> new UpstreamResponse(reply.status(), reply.headers(),
                    reply.body().getBytes(StandardCharsets.UTF_8));
            case QuotaAnswer.TimesOut timesOut -> throw new UpstreamTimeoutException(ErrorCode.UPSTREAM_TIMEOUT,
                    "The provider did not answer in time");
            case QuotaAnswer.Unreachable unreachable -> throw new UpstreamFailureException(
                    ErrorCode.UPSTREAM_UNREACHABLE, "The provider could not be reached");
        };
    }
}
