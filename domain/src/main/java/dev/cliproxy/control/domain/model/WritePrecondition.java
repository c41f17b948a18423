package dev.cliproxy.control.domain.model;

import java.util.List;
import java.util.Optional;

/** What must hold of the current file for a conditional write to go ahead ({@code If-Match}). */
public sealed interface WritePrecondition {

    /** Whether a file whose current tag is {@code current} (empty: no file) may be replaced. */
    boolean allows(Optional<EntityTag> current);

    /** No {@code If-Match}: always write. */
    record Unconditional() implements WritePrecondition {
        @Override
        public boolean allows(Optional<EntityTag> current) {
            return true;
        }
    }

    /** {@code If-Match: *}: write only over an existing file. */
    record AnyExisting() implements WritePrecondition {
        @Override
        public boolean allows(Optional<EntityTag> current) {
            return current.isPresent();
        }
    }

    /** {@code If-Match: "a", "b"}: write only if the current content has one of these tags. */
    record MatchesAny(List<EntityTag> tags) implements WritePrecondition {
        public MatchesAny {
            tags = List.copyOf(tags);
        }

        @Override
        public boolean allows(Optional<EntityTag> current) {
            return current.isPresent() && tags.contains(current.get());
        }
    }
}
