package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.WritePrecondition;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** The proxy's own config file of a port ({@code cliproxy/config.yaml} or {@code config-<port>.yaml}). */
public interface ProxyConfigFilePort {

    /** The file's content and entity tag; empty when there is no such file. */
    Optional<ConfigDocument> read(int port);

    /**
     * Replaces the file with {@code content}, which must be a YAML mapping (else
     * {@link dev.cliproxy.control.domain.error.InvalidInputException} and nothing is written). Under a lock that
     * serialises writers of the file, checks {@code precondition} against the current content (else
     * {@link dev.cliproxy.control.domain.error.PreconditionFailedException}), keeps the current content as
     * {@code <file>.bak}, then writes atomically and durably with mode 0600.
     */
    ConfigUpdate replace(int port, String content, WritePrecondition precondition);

    /**
     * The top-level {@code port} that {@code content} declares, for a content {@link #replace} would accept (else
     * the same {@link dev.cliproxy.control.domain.error.InvalidInputException}): empty when it declares none, and 0
     * when the value is not a whole number from 1 to 65535 (the proxy could not listen where it is looked for).
     */
    OptionalInt declaredPort(String content);

    /**
     * The ports that have a config file here ({@code config.yaml} for 8317, {@code config-<port>.yaml}); empty when
     * this store cannot tell, which is the default.
     */
    default Set<Integer> ports() {
        return Set.of();
    }

    /**
     * The port a new content of {@code port}'s file must declare, so that its proxy is still found where it is
     * looked for: {@code port} itself for a local proxy (the default); for a proxy on another host, reached through
     * a URL whose port need not be the one it listens on, the port its current config declares.
     */
    default int listenPort(int port) {
        return port;
    }

    /**
     * The content the last {@link #replace} kept ({@code <file>.bak}) and its entity tag; empty when there is none,
     * or when this store keeps none (the default).
     */
    default Optional<ConfigDocument> readBackup(int port) {
        return Optional.empty();
    }
}
