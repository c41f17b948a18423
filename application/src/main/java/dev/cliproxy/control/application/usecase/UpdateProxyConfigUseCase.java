package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.WritePrecondition;
import java.util.Objects;

/**
 * {@code PUT /config.yaml}: replaces the proxy config file of the current port with a YAML mapping, atomically,
 * keeping the previous content as {@code .bak}.
 */
public interface UpdateProxyConfigUseCase {

    ConfigUpdate update(Command command);

    /** The new content and the condition the current file must meet. */
    record Command(String content, WritePrecondition precondition) {
        public Command {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(precondition, "precondition");
        }
    }
}
