package dev.cliproxy.control.adapter.fs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.SessionOwner;
import dev.cliproxy.control.domain.model.SessionRecord;
import dev.cliproxy.control.domain.port.SessionStorePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code sessions.json} in the CLI's format: {@code {"port","pid","sessions":[ids],"startedAt":ISO,"version"?}}.
 * Our own fields {@code processStart}, {@code command} and {@code sessionOwners}
 * ({@code {"<id>":{"pid","start"}}}) ride along; every other field is kept as found while the same process is
 * recorded.
 */
public final class FileSystemSessionStoreAdapter implements SessionStorePort {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CcsLayout layout;
    private final CcsDirectoryLock lock;
    /** Status requests read the record each time: parse it again only once the file changed. */
    private final FileSnapshotCache<Optional<SessionRecord>> records = new FileSnapshotCache<>();

    public FileSystemSessionStoreAdapter(CcsLayout layout, Clock clock) {
        this.layout = layout;
        this.lock = new CcsDirectoryLock(layout.ccsDirectory(), clock);
    }

    @Override
    public Optional<SessionRecord> read(int port) {
        try {
            return records.read(layout.sessionsFile(port),
                    file -> parse(Files.readAllBytes(file)).flatMap(SessionJson::toRecord), Optional.empty());
        } catch (IOException e) {
            throw new StorageException("Failed to read session file", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    @Override
    public Set<Integer> ports() {
        return PortFiles.ports(layout.cliproxyDirectory(), CcsLayout::portOfSessionsFile);
    }

    @Override
    public Optional<SessionRecord> update(int port, UnaryOperator<Optional<SessionRecord>> change) {
        try {
            return lock.withLock(() -> {
                Optional<ObjectNode> tree = readTree(port);
                Optional<SessionRecord> current = tree.flatMap(SessionJson::toRecord);
                Optional<SessionRecord> next = change.apply(current);
                Path file = layout.sessionsFile(port);
                if (next.isEmpty()) {
                    Files.deleteIfExists(file);
                } else if (!next.equals(current)) {
                    ObjectNode base = tree.filter(t -> current.map(c -> c.pid() == next.get().pid()).orElse(false))
                            .orElseGet(JSON::createObjectNode);
                    AtomicFileWriter.writeVolatile(file, JSON.writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(SessionJson.merge(base, next.get())));
                }
                return next;
            });
        } catch (IOException e) {
            throw new StorageException("Failed to write session file", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    private Optional<ObjectNode> readTree(int port) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(layout.sessionsFile(port));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return parse(bytes);
    }

    private static Optional<ObjectNode> parse(byte[] bytes) throws IOException {
        try {
            JsonNode node = JSON.readTree(bytes);
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The mapping between the JSON document and the record. */
    private static final class SessionJson {

        private SessionJson() {
        }

        /** As the CLI: a non-number port or pid, or a non-array sessions, means "no record". */
        static Optional<SessionRecord> toRecord(ObjectNode node) {
            JsonNode port = node.get("port");
            JsonNode pid = node.get("pid");
            JsonNode sessions = node.get("sessions");
            if (port == null || !port.canConvertToInt() || pid == null || !pid.canConvertToLong()
                    || !(sessions instanceof ArrayNode array)) {
                return Optional.empty();
            }
            List<String> ids = new ArrayList<>();
            array.forEach(id -> ids.add(id.asText()));
            return Optional.of(new SessionRecord(port.asInt(), pid.asLong(), ids,
                    instant(node.get("startedAt")).orElse(Instant.EPOCH),
                    text(node.get("version")), instant(node.get("processStart")), text(node.get("command")),
                    owners(node.get("sessionOwners"))));
        }

        /** Entries that do not parse are skipped: their sessions then count as live, as the CLI's do. */
        private static Map<String, SessionOwner> owners(JsonNode node) {
            Map<String, SessionOwner> owners = new LinkedHashMap<>();
            if (node instanceof ObjectNode object) {
                object.properties().forEach(entry -> {
                    JsonNode pid = entry.getValue().get("pid");
                    if (pid != null && pid.canConvertToLong()) {
                        owners.put(entry.getKey(),
                                new SessionOwner(pid.asLong(), instant(entry.getValue().get("start"))));
                    }
                });
            }
            return owners;
        }

        static ObjectNode merge(ObjectNode base, SessionRecord record) {
            ObjectNode node = base.deepCopy();
            node.put("port", record.port());
            node.put("pid", record.pid());
            ArrayNode ids = node.putArray("sessions");
            record.sessions().forEach(ids::add);
            node.put("startedAt", record.startedAt().toString());
            record.version().ifPresentOrElse(v -> node.put("version", v), () -> node.remove("version"));
            record.processStart().ifPresentOrElse(s -> node.put("processStart", s.toString()),
                    () -> node.remove("processStart"));
            record.command().ifPresentOrElse(c -> node.put("command", c), () -> node.remove("command"));
            if (record.owners().isEmpty()) {
                node.remove("sessionOwners");
            } else {
                ObjectNode owners = node.putObject("sessionOwners");
                record.owners().forEach((id, owner) -> {
                    ObjectNode entry = owners.putObject(id);
                    entry.put("pid", owner.pid());
                    owner.start().ifPresent(start -> entry.put("start", start.toString()));
                });
            }
            return node;
        }

        private static Optional<String> text(JsonNode node) {
            return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
        }

        /** ISO-8601 text as the CLI writes, or epoch milliseconds. */
        private static Optional<Instant> instant(JsonNode node) {
            if (node == null) {
                return Optional.empty();
            }
            if (node.isNumber()) {
                return Optional.of(Instant.ofEpochMilli(node.asLong()));
            }
            try {
                return node.isTextual() ? Optional.of(Instant.parse(node.asText())) : Optional.empty();
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
    }
}
