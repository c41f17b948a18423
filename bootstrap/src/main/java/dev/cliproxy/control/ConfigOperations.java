package dev.cliproxy.control;

import dev.cliproxy.control.application.usecase.GetProxyConfigUseCase;
import dev.cliproxy.control.application.usecase.UpdateProxyConfigUseCase;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.WritePrecondition;
import java.util.List;

/** The proxy config file of the current port ({@code config.yaml} or {@code config-<port>.yaml}): {@code control.config()}. */
public final class ConfigOperations {

    private final GetProxyConfigUseCase read;
    private final UpdateProxyConfigUseCase update;

    ConfigOperations(GetProxyConfigUseCase read, UpdateProxyConfigUseCase update) {
        this.read = read;
        this.update = update;
    }

    /** The file's content and entity tag. Throws {@code NotFoundException} when there is no file. */
    public ConfigDocument read() {
        return read.read();
    }

    /**
     * What the last {@link #update} replaced ({@code .bak}), to compare or restore (by updating with it). Throws
     * {@code NotFoundException} ({@code config_backup_not_found}) before the first update.
     */
    public ConfigDocument readBackup() {
        return read.readBackup();
    }

    /** Replaces the file with {@code yaml}, which must be a YAML mapping; the old content is kept as {@code .bak}. */
    public ConfigUpdate update(String yaml) {
        return update.update(new UpdateProxyConfigUseCase.Command(yaml, new WritePrecondition.Unconditional()));
    }

    /** As {@link #update(String)}, only if the file still has the entity tag {@code expected}. */
    public ConfigUpdate update(String yaml, EntityTag expected) {
        return update.update(new UpdateProxyConfigUseCase.Command(yaml,
                new WritePrecondition.MatchesAny(List.of(expected))));
    }
}
