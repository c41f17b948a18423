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
            return lock.withLock(() -> apply(port, readTree(port), change));
        } catch (IOException e) {
            throw new StorageException("Failed to write session file", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    /** {@link #update} on the file's {@code tree} as read; the caller holds the lock. */
    private Optional<SessionRecord> apply(int port, Optional<ObjectNode> tree,
                                          UnaryOperator<Optional<SessionRecord>> change) throws IOException {
        Optional<SessionRecord> current = tree.flatMap(SessionJson::toRecord);
        Optional<SessionRecord> next = change.apply(current);
        Path file = layout.sessionsFile(port);
        if (next.isEmpty()) {
            Files.deleteIfExists(file);
        } else if (!next.equals(current)) {
            AtomicFileWriter.writeVolatile(file, json(sameProcess(tree, current, next.get())
                    .orElseGet(JSON::createObjectNode), next.get()));
        }
        return next;
    }

    /** The record's file written beside the port's, as {@link #update} would write it over no record of its process. */
    @Override
    public PreparedRecord prepare(int port, SessionRecord record) {
        try {
            return new PreparedFile(port, record, AtomicFileWriter.stageVolatile(layout.sessionsFile(port),
                    json(JSON.createObjectNode(), record)));
        } catch (IOException e) {
            throw new StorageException("Failed to write session file", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    /** The current file's tree when it records the same process as {@code next}: its other fields are kept. */
    private static Optional<ObjectNode> sameProcess(Optional<ObjectNode> tree, Optional<SessionRecord> current,
                                                    SessionRecord next) {
        return tree.filter(t -> current.map(c -> c.pid() == next.pid()).orElse(false));
    }

    private static byte[] json(ObjectNode base, SessionRecord record) throws JsonProcessingException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(SessionJson.merge(base, record));
    }

    private Optional<ObjectNode> readTree(int port) throws IOException {
        Path file = layout.sessionsFile(port);
        if (!Files.exists(file)) {
            return Optional.empty(); // the usual case of a start: no exception made to say so
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
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

    /** A record's file staged beside the port's; the commit renames it over the port's under the CCS lock. */
    private final class PreparedFile implements PreparedRecord {

        private final int port;
        private final SessionRecord record;
        private final AtomicFileWriter.Staged staged;

        PreparedFile(int port, SessionRecord record, AtomicFileWriter.Staged staged) {
            this.port = port;
            this.record = record;
            this.staged = staged;
        }

        @Override
        public SessionRecord record() {
            return record;
        }

        @Override
        public void commit() {
            try {
                lock.withLock(() -> {
                    Optional<ObjectNode> tree = readTree(port);
                    if (sameProcess(tree, tree.flatMap(SessionJson::toRecord), record).isPresent()) {
                        apply(port, tree, current -> Optional.of(record)); // rare: the fields found are kept
                    } else {
                        staged.publish();
                    }
                    return null;
                });
            } catch (IOException e) {
                throw new StorageException("Failed to write session file", FileErrors.reason(e),
                        ErrorCode.STORAGE_ERROR, e);
            }
        }

        @Override
        public void close() {
            try {
                staged.close();
            } catch (IOException e) {
                // A hidden temp file left beside the record; nothing reads it.
            }
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
