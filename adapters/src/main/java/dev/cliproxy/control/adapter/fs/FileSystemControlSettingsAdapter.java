package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.rules.SafeYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code cliproxy/control.yaml}: read through the safe YAML parser (re-read only once the file changed, since
 * the supervisor reads it at every check), written atomically with mode 0600 under the CCS directory's lock, so
 * that control servers of one CCS directory never interleave their writes.
 */
public final class FileSystemControlSettingsAdapter implements ControlSettingsPort {

    static final String HEADER = "# cliproxy-control settings: edit here or through PUT /api/cliproxy/control-settings\n";

    private final Path file;
    private final CcsDirectoryLock lock;
    private final FileSnapshotCache<ControlSettingsDocument> documents = new FileSnapshotCache<>();

    public FileSystemControlSettingsAdapter(CcsLayout layout, Clock clock) {
        this.file = layout.controlSettingsFile();
        this.lock = new CcsDirectoryLock(layout.ccsDirectory(), clock);
    }

    @Override
    public ControlSettingsDocument read() {
        try {
            return documents.read(file, FileSystemControlSettingsAdapter::parse,
                    ControlSettingsDocument.of(ControlSettings.DEFAULTS));
        } catch (InvalidFile e) {
            throw new StorageException("Invalid control settings file", e.getMessage(), ErrorCode.INVALID_SETTINGS_FILE, e);
        } catch (IOException e) {
            throw new StorageException("Failed to read control settings", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    @Override
    public ControlSettingsDocument replace(ControlSettings settings, WritePrecondition precondition) {
        ControlSettingsDocument next = ControlSettingsDocument.of(settings);
        byte[] bytes = (HEADER + dumper().dump(settings.toTree())).getBytes(StandardCharsets.UTF_8);
        try {
            return lock.withLock(() -> {
                ControlSettingsDocument current = readFresh();
                if (!precondition.allows(Optional.of(current.etag()))) {
                    throw new PreconditionFailedException("Precondition failed",
                            "The control settings changed since they were read: read them again, then retry",
                            ErrorCode.ETAG_MISMATCH, null);
                }
                AtomicFileWriter.write(file, bytes);
                return next;
            });
        } catch (IOException e) {
            throw new StorageException("Failed to write control settings", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    /**
     * The file as it is now, never a cached read: a conditional write compares against the latest. A broken file
     * counts as the defaults, so that a write can repair it.
     */
    private ControlSettingsDocument readFresh() throws IOException {
        try {
            return parse(file);
        } catch (NoSuchFileException | InvalidFile absent) {
            return ControlSettingsDocument.of(ControlSettings.DEFAULTS);
        }
    }

    private static ControlSettingsDocument parse(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return ControlSettingsDocument.of(ControlSettings.fromTree(SafeYaml.parser().load(text)));
        } catch (YAMLException | InvalidInputException e) {
            // A hand edit gone wrong: say which file and where in it, but neither where it is on this machine nor
            // the text around the fault (SnakeYAML quotes it, and it may hold a secret).
            String reason = switch (e) {
                case InvalidInputException invalid -> invalid.detail().orElse(invalid.error());
                case MarkedYAMLException marked when marked.getProblemMark() != null -> "not valid YAML at line "
                        + (marked.getProblemMark().getLine() + 1) + ", column " + (marked.getProblemMark().getColumn() + 1);
                default -> "not valid YAML";
            };
            throw new InvalidFile("cliproxy/control.yaml: " + reason + ". Fix or delete the file.", e);
        }
    }

    /** The file is there but holds no valid settings. */
    private static final class InvalidFile extends IOException {
        InvalidFile(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private static Yaml dumper() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setPrettyFlow(true);
        return new Yaml(options);
    }
}
