package dev.cliproxy.control.domain.model;

import java.nio.charset.StandardCharsets;
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

    private PlainFileName() {
    }

    static boolean isPlain(String name) {
        if (name == null || name.isEmpty() || name.contains("..")
                || name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isForbidden(c) || Character.isSurrogate(c) && !isPairedSurrogate(name, i)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        char last = name.charAt(name.length() - 1);
        return name.charAt(0) != ' ' && last != ' ' && last != '.' && !isWindowsDevice(name);
    }

    /**
     * Separators of every platform ({@code /}, {@code \}, and {@code :} for drives and streams), the other
     * characters Windows refuses, {@code %} (so that no encoded form is ever decoded again into something else),
     * control and invisible format characters, and the replacement character left by a broken encoding.
     */
    private static boolean isForbidden(char c) {
        if ("/\\:%<>\"|?*".indexOf(c) >= 0 || c == '\uFFFD') {
            return true;
        }
        int type = Character.getType(c);
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
        String stem = (dot < 0 ? name : name.substring(0, dot)).toUpperCase(Locale.ROOT);
        return WINDOWS_DEVICES.contains(stem);
    }
}
