package dev.cliproxy.control.domain.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release's {@code checksums.txt} as {@code sha256sum} writes it: {@code <64 hex>  <name>} per line ({@code *}
 * before the name in binary mode). Lines of any other form are ignored.
 */
public record ChecksumList(Map<String, String> sha256ByName) {

    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64})\\s+\\*?(\\S.*?)\\s*");

    public ChecksumList {
        sha256ByName = Map.copyOf(sha256ByName);
    }

    public static ChecksumList parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                entries.putIfAbsent(matcher.group(2), matcher.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return new ChecksumList(entries);
    }

    public Optional<String> forName(String name) {
        return Optional.ofNullable(sha256ByName.get(name));
    }
}
