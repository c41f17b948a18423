package dev.cliproxy.control.application.service;

import java.util.function.Function;

/**
 * The last result and the input it was made from: the same input (by {@code equals}) answers that very result
 * again without making it, so an unchanged directory listing is neither sorted nor mapped twice, and callers that
 * render it can tell it is the same by identity. Racing callers may each make it once; the last one stays.
 */
final class LastResult<K, V> {

    private record Entry<K, V>(K input, V result) {
    }

    private final Function<K, V> make;
    private volatile Entry<K, V> last;

    LastResult(Function<K, V> make) {
        this.make = make;
    }

    V get(K input) {
        Entry<K, V> seen = last;
        if (seen != null && seen.input().equals(input)) {
            return seen.result();
        }
        V result = make.apply(input);
        last = new Entry<>(input, result);
        return result;
    }
}
