package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.bootstrap.http.dto.ErrorBody;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The first thing every request meets. On loopback it refuses a {@code Host} that is not a loopback name (DNS
 * rebinding) and any request from another site, reads included (cross-site forms, fetches and embeds: the answers
 * hold paths, models and config); elsewhere it demands the access token, compared in constant time. It also sets
 * the headers every answer carries, the dashboard page's Content-Security-Policy among them.
 */
final class RequestGuard implements Filter {

    private static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");
    /** The headers every answer carries, their bytes made once rather than for each answer. */
    private static final List<Header> EVERY_ANSWER = List.of(
            HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff"),
            HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store"),
            HeaderValues.createCached(HeaderNames.create("Content-Security-Policy"),
                    DashboardPage.CONTENT_SECURITY_POLICY),
            HeaderValues.createCached(HeaderNames.create("Referrer-Policy"), "no-referrer"));

    private final AccessPolicy policy;
    private final byte[] tokenDigest;

    RequestGuard(AccessPolicy policy) {
        this.policy = policy;
        this.tokenDigest = policy instanceof AccessPolicy.TokenRequired required ? digest(required.token()) : null;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        for (Header header : EVERY_ANSWER) {
            res.header(header);
        }
        Optional<String> refusal = switch (policy) {
            case AccessPolicy.LoopbackOnly loopback -> refuseNonLocal(req);
            // The page's files hold no secret, and a browser cannot send a header with a navigation: the page
            // asks for the token and sends it with every API call.
            case AccessPolicy.TokenRequired required ->
                    DashboardPage.isPageFile(req.prologue().method(), req.path().absolute().rawPath())
                            ? Optional.empty() : refuseWithoutToken(req, res);
        };
        if (refusal.isPresent()) {
            Status status = policy instanceof AccessPolicy.TokenRequired ? Status.UNAUTHORIZED_401 : Status.FORBIDDEN_403;
            JsonResponses.send(res, status, new ErrorBody(status.reasonPhrase(), refusal.get(),
                    status == Status.UNAUTHORIZED_401 ? "unauthorized" : "forbidden"));
            return;
        }
        chain.proceed();
    }

    private static Optional<String> refuseNonLocal(RoutingRequest req) {
        Optional<LoopbackNames.HostAndPort> host = req.headers().first(HeaderNames.HOST)
                .flatMap(LoopbackNames::parseHostHeader);
        if (host.isEmpty() || !LoopbackNames.isLoopbackName(host.get().host())) {
            return Optional.of("This API answers only requests addressed to a loopback host such as localhost");
        }
        if (req.headers().first(SEC_FETCH_SITE).filter(site -> site.equals("cross-site")).isPresent()) {
            return Optional.of("Cross-site requests are refused");
        }
        return req.headers().first(HeaderNames.ORIGIN)
                .filter(origin -> !isSameLocalSite(origin, host.get().port()))
                .map(origin -> "Requests from another site are refused");
    }

    /** An origin is ours when it is http(s) on a loopback name with the port the request was addressed to. */
    private static boolean isSameLocalSite(String origin, OptionalInt hostPort) {
        try {
            URI uri = new URI(origin.strip());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return false;
            }
            String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                    ? "[" + uri.getHost() + "]" : uri.getHost();
            int originPort = uri.getPort() >= 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
            return LoopbackNames.isLoopbackName(host) && originPort == hostPort.orElse(80);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Optional<String> refuseWithoutToken(RoutingRequest req, RoutingResponse res) {
        Optional<String> presented = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip());
        if (presented.isPresent() && MessageDigest.isEqual(digest(presented.get()), tokenDigest)) {
            return Optional.empty();
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"cliproxy-control\"");
        return Optional.of("Send the access token as Authorization: Bearer <token>");
    }

    /** Digests have one length, so comparing them takes the same time whatever the token presented. */
    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
