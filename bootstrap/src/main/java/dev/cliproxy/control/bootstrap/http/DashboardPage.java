package dev.cliproxy.control.bootstrap.http;

import io.helidon.common.Size;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.MemoryCache;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import java.util.regex.Pattern;

/**
 * The dashboard page: {@code GET /} and its files under {@code /assets/}, plain HTML, CSS and JavaScript modules
 * served from this jar. The page is a client of the API like any other (same routes, same guard), so it holds no
 * secret and needs no token itself; its files are kept in memory (they are small) rather than extracted from the jar.
 */
final class DashboardPage {

    /** Where the page's files are on the class path. */
    static final String RESOURCES = "dev/cliproxy/control/bootstrap/page";
    /**
     * Every answer's policy (harmless on JSON): the page's own scripts, styles, images and API calls only; no inline
     * script or style, no plugin, no frame, no form posted elsewhere; DOM sinks that parse HTML refused outright
     * (Trusted Types with no policy), so the page builds its DOM from text nodes only.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none';"
            + " require-trusted-types-for 'script'; trusted-types 'none'";
    /** The raw paths of the page's files: the page itself and flat asset names, never a dot segment or an escape. */
    private static final Pattern FILE_PATH = Pattern.compile("/|/index\\.html|/assets/[a-z0-9-]+\\.(js|css|svg)");
    private static final Size MEMORY = Size.parse("2 MB");

    private DashboardPage() {
    }

    /** Serves the page's files on {@code routing}, after the API's routes so that those always win. */
    static void register(HttpRouting.Builder routing) {
        routing.register("/", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                .location(RESOURCES)
                .classLoader(DashboardPage.class.getClassLoader())
                .welcome("index.html")
                .memoryCache(MemoryCache.create(cache -> cache.capacity(MEMORY)))
                .build()));
    }

    /** Whether a request asks for one of the page's files: a read whose raw path is one of theirs. */
    static boolean isPageFile(Method method, String rawPath) {
        return (method == Method.GET || method == Method.HEAD) && FILE_PATH.matcher(rawPath).matches();
    }
}
