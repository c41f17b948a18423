package dev.cliproxy.control.bootstrap.http;

import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The JSON of the last value a route answered, written again only when the use case answers another value: a
 * listing of an unchanged directory is the very same object (the use cases keep their last result), so its
 * hundreds of kilobytes are not serialised on every poll.
 */
final class LastRendered<T> {

    private record Rendered(Object value, byte[] json) {
    }

    private final Function<T, Object> body;
    private final BiPredicate<Object, Object> same;
    private volatile Rendered last;

    /** Unchanged means the very same object: comparing a large listing would cost what writing it does. */
    LastRendered(Function<T, Object> body) {
        this(body, (seen, value) -> seen == value);
    }

    private LastRendered(Function<T, Object> body, BiPredicate<Object, Object> same) {
        this.body = body;
        this.same = same;
    }

    /** Unchanged means equal: for a small value made afresh for each answer, such as a status. */
    static <T> LastRendered<T> byEquality(Function<T, Object> body) {
        return new LastRendered<>(body, Object::equals);
    }

    byte[] json(T value) {
        Rendered seen = last;
        if (seen != null && same.test(seen.value(), value)) {
            return seen.json();
        }
        byte[] json = JsonResponses.toBytes(body.apply(value));
        last = new Rendered(value, json);
        return json;
    }
}
