package dev.cliproxy.control.rules;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The one way this project parses YAML: SnakeYAML's safe constructor (plain maps, lists and scalars, never
 * arbitrary types) with limits on aliases, nesting and size, so that no document can exhaust memory.
 */
public final class SafeYaml {

    public static final int MAX_ALIASES = 50;
    public static final int MAX_NESTING_DEPTH = 64;
    public static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private SafeYaml() {
    }

    /** A new parser; SnakeYAML's {@link Yaml} is not thread-safe, so each use takes its own. */
    public static Yaml parser() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        return new Yaml(new SafeConstructor(options));
    }
}
