package dev.cliproxy.control.domain.model;

import java.util.Locale;
import java.util.Set;

/**
 * The rule every file name taken from a request must pass (contract §2): exactly one plain name on every platform,
 * so that resolving it against a directory can only ever name a direct child of that directory.
 */
final class PlainFileName {

    /** The usual file-system limit for one name, in bytes. */
    static final int MAX_BYTES = 255;

    /** Windows device names: {@code CON.json} opens the console there, not a file. */
    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    /**
     * Separators of every platform ({@code /}, {@code \}, and {@code :} for drives and streams), the other
     * characters Windows refuses, {@code %} (so that no encoded form is ever decoded again into something else),
     * and control characters. (A table: listings check every name in a directory.)
     */
    private static final boolean[] FORBIDDEN_ASCII = new boolean[0x80];

    static {
        for (int c = 0; c < 0x20; c++) {
            FORBIDDEN_ASCII[c] = true;
        }
        FORBIDDEN_ASCII[0x7F] = true;
        for (char c : "/\\:%<>\"|?*".toCharArray()) {
            FORBIDDEN_ASCII[c] = true;
        }
    }

    private PlainFileName() {
    }

    static boolean isPlain(String name) {
        if (name == null || name.isEmpty() || name.contains("..")) {
            return false;
        }
        int utf8Bytes = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x80) {
                if (FORBIDDEN_ASCII[c]) {
                    return false;
                }
                utf8Bytes++;
            } else if (Character.isSurrogate(c)) {
                if (!isPairedSurrogate(name, i) || isForbidden(name.codePointAt(i))) {
                    return false;
                }
                utf8Bytes += 4;
                i++;
            } else {
                if (isForbidden(c)) {
                    return false;
                }
                utf8Bytes += c < 0x800 ? 2 : 3;
            }
        }
        char last = name.charAt(name.length() - 1);
        return utf8Bytes <= MAX_BYTES && name.charAt(0) != ' ' && last != ' ' && last != '.'
                && !isWindowsDevice(name);
    }

    /** Beyond ASCII: control and invisible format characters, and the replacement character of a broken encoding. */
    private static boolean isForbidden(int codePoint) {
        if (codePoint == 0xFFFD) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }

    private static boolean isPairedSurrogate(String name, int i) {
        return Character.isHighSurrogate(name.charAt(i)) && i + 1 < name.length()
                && Character.isLowSurrogate(name.charAt(i + 1));
    }

    private static boolean isWindowsDevice(String name) {
        int dot = name.indexOf('.');
        int stemLength = dot == -1 ? name.length() : dot;
        return (stemLength == 3 || stemLength == 4)
                && WINDOWS_DEVICES.contains(name.substring(0, stemLength).toUpperCase(Locale.ROOT));
    }
}
