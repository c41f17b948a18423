package dev.cliproxy.control.rules;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * The rule a proxy config must pass before it is written: a document CLIProxyAPI's YAML loader (Go, yaml.v3, into
 * its config struct) can load. That loader refuses a document that is not one mapping, duplicate keys, an anchor
 * whose value contains an alias to itself, "excessive aliasing" (alias bombs), and collections used as keys; so does
 * this rule, each with the line and column of the problem. The real config file adapter and the testkit's in-memory
 * one both apply it, and its {@link #declaredPort port rule}, so that neither can accept what the other refuses.
 */
public final class ProxyConfigYaml {

    /**
     * How many nodes aliases may add to the document once expanded. A hand-written config reuses a block or two
     * (a few dozen nodes); a nested alias bomb of 40 aliases adds about half a million, which yaml.v3 refuses as
     * "excessive aliasing" (nearly all of its decoded nodes come from aliases).
     */
    public static final int MAX_ALIAS_EXPANSION = 10_000;

    private ProxyConfigYaml() {
    }

    /**
     * The config's top-level mapping, or {@link InvalidInputException} ({@code Invalid YAML}, code
     * {@code invalid_yaml}) whose detail starts with {@code line L, column C: } where SnakeYAML knows the place.
     */
    public static Map<?, ?> check(String content) {
        try {
            new AliasCheck().run(content);
            Object document = SafeYaml.parser().load(content);
            if (!(document instanceof Map<?, ?> mapping)) {
                throw invalid("line 1, column 1: the document must be a mapping of keys to values");
            }
            return mapping;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw invalid(mark == null ? problem : at(mark) + problem);
        } catch (YAMLException e) {
            // SnakeYAML's own limits (aliases, nesting, size) carry no position.
            throw invalid(e.getMessage());
        }
    }

    /**
     * The port a config declares, after {@link #check}: empty when it names none (CLIProxyAPI then uses 8317); 0
     * when its value is no port CLIProxyAPI can listen on, since it reads the port into a Go int (a quoted
     * {@code "9000"} fails to load, {@code null} means a random port).
     */
    public static OptionalInt declaredPort(String content) {
        Map<?, ?> document = check(content);
        if (!document.containsKey("port")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(document.get("port") instanceof Integer port && port >= 1 && port <= 65535 ? port : 0);
    }

    private static String at(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(ErrorCode.INVALID_YAML, detail);
    }

    /**
     * Walks the parser's events once, keeping for each anchor the size of its node once expanded, so that aliases
     * are measured without building anything: an alias to a node still open is recursive, and the nodes all
     * aliases add are counted against {@link #MAX_ALIAS_EXPANSION}, their number against SnakeYAML's limit.
     */
    private static final class AliasCheck {

        /** A collection being read: its anchor, whether it is a mapping, and its expanded size so far. */
        private static final class Open {
            final String anchor;
            final boolean mapping;
            long size = 1;
            long children;

            Open(String anchor, boolean mapping) {
                this.anchor = anchor;
                this.mapping = mapping;
            }

            boolean nextIsKey() {
                return mapping && children % 2 == 0;
            }
        }

        /** What an anchor names: a node still open, or a finished one with its expanded size. */
        private record Anchored(Open open, long size, boolean collection) {
        }

        private final Deque<Open> open = new ArrayDeque<>();
        private final Map<String, Anchored> anchors = new HashMap<>();
        private long added;
        private int collectionAliases;

        void run(String content) {
            for (Event event : SafeYaml.parser().parse(new StringReader(content))) {
                switch (event) {
                    case ScalarEvent scalar -> finished(scalar.getAnchor(), 1, false);
                    case CollectionStartEvent start -> {
                        refuseKeyCollection(start);
                        Open collection = new Open(start.getAnchor(), start instanceof MappingStartEvent);
                        if (collection.anchor != null) {
                            anchors.put(collection.anchor, new Anchored(collection, 0, true));
                        }
                        open.push(collection);
                    }
                    case CollectionEndEvent end -> {
                        Open collection = open.pop();
                        Anchored named = collection.anchor == null ? null : anchors.get(collection.anchor);
                        // Only if no later node took the anchor over meanwhile.
                        finished(named != null && named.open() == collection ? collection.anchor : null,
                                collection.size, true);
                    }
                    case AliasEvent alias -> alias(alias);
                    default -> {
                        // stream and document boundaries, comments
                    }
                }
            }
        }

        private void alias(AliasEvent alias) {
            Anchored target = anchors.get(alias.getAnchor());
            if (target == null) {
                return; // an undefined alias: the loader reports it with its place
            }
            if (target.open() != null) {
                throw invalid(at(alias.getStartMark()) + "the alias *" + alias.getAnchor()
                        + " refers to a node that contains it (a recursive anchor)");
            }
            if (target.collection()) {
                refuseKeyCollection(alias);
                // SnakeYAML's own limit, said here with the place (its exception has none).
                if (++collectionAliases > SafeYaml.MAX_ALIASES) {
                    throw invalid(at(alias.getStartMark()) + "more than " + SafeYaml.MAX_ALIASES
                            + " aliases of lists or mappings");
                }
            }
            added += target.size();
            if (added > MAX_ALIAS_EXPANSION) {
                throw invalid(at(alias.getStartMark()) + "aliases expand the document by more than "
                        + MAX_ALIAS_EXPANSION + " nodes (an alias bomb?)");
            }
            finished(null, target.size(), target.collection());
        }

        private void finished(String anchor, long size, boolean collection) {
            if (anchor != null) {
                anchors.put(anchor, new Anchored(null, size, collection));
            }
            Open parent = open.peek();
            if (parent != null) {
                parent.size += size;
                parent.children++;
            }
        }

        private void refuseKeyCollection(Event event) {
            Open parent = open.peek();
            if (parent != null && parent.nextIsKey()) {
                throw invalid(at(event.getStartMark()) + "a mapping key must be a plain value, not a list or mapping");
            }
        }
    }
}
