package dev.cliproxy.control.adapter.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CachedLatestRelease;
import dev.cliproxy.control.domain.model.CachedReleaseList;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyVersion;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseList;
import dev.cliproxy.control.domain.port.VersionCachePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The release caches in the {@code ccs} CLI's format, so that each tool uses what the other fetched:
 * {@code .version-cache.json} {@code {"latestVersion","checkedAt":ms,"repo"}} and {@code .version-list-cache.json}
 * {@code {"versions":[..],"latestStable","latest","checkedAt":ms}}. The list file also carries our own
 * {@code "releases"} (with the prerelease marks the CLI's list lacks) and {@code "repo"}.
 */
public final class FileSystemVersionCacheAdapter implements VersionCachePort {

    static final String LATEST_FILE = ".version-cache.json";
    static final String LIST_FILE = ".version-list-cache.json";
    /** Far above any real cache; a larger file is not one of ours and is not read into memory. */
    private static final long MAX_BYTES = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CcsLayout layout;

    public FileSystemVersionCacheAdapter(CcsLayout layout) {
        this.layout = layout;
    }

    @Override
    public Optional<CachedLatestRelease> readLatest(Backend backend) {
        return readObject(file(backend, LATEST_FILE)).flatMap(node -> {
            // An entry whose version is not one (hand-edited, or from a broken writer) is no cache at all.
            Optional<String> latest = text(node, "latestVersion")
                    .filter(version -> ProxyVersion.parse(version).isPresent())
                    .map(ProxyVersion::displayText);
            Optional<Instant> checkedAt = millis(node, "checkedAt");
            if (latest.isEmpty() || checkedAt.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CachedLatestRelease(latest.get(), checkedAt.get(), text(node, "repo")));
        });
    }

    @Override
    public void writeLatest(Backend backend, CachedLatestRelease entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("latestVersion", entry.latestVersion());
        node.put("checkedAt", entry.checkedAt().toEpochMilli());
        entry.repository().ifPresent(repo -> node.put("repo", repo));
        write(file(backend, LATEST_FILE), node);
    }

    @Override
    public Optional<CachedReleaseList> readReleases(Backend backend) {
        return readObject(file(backend, LIST_FILE)).flatMap(node -> {
            Optional<Instant> checkedAt = millis(node, "checkedAt");
            Optional<List<Release>> releases = ours(node).or(() -> theClis(node));
            if (checkedAt.isEmpty() || releases.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CachedReleaseList(new ReleaseList(releases.get()), checkedAt.get(),
                    text(node, "repo")));
        });
    }

    @Override
    public void writeReleases(Backend backend, CachedReleaseList entry) {
        ReleaseList list = entry.releases();
        ObjectNode node = JSON.createObjectNode();
        ArrayNode versions = node.putArray("versions");
        list.releases().forEach(release -> versions.add(release.version()));
        // The CLI reads both as strings.
        node.put("latestStable", list.latestStable().map(Release::version).orElse(""));
        node.put("latest", list.latest().map(Release::version).orElse(""));
        node.put("checkedAt", entry.checkedAt().toEpochMilli());
        entry.repository().ifPresent(repo -> node.put("repo", repo));
        ArrayNode releases = node.putArray("releases");
        for (Release release : list.releases()) {
            ObjectNode item = releases.addObject();
            item.put("version", release.version());
            item.put("prerelease", release.prerelease());
            release.publishedAt().ifPresent(at -> item.put("publishedAt", at.toEpochMilli()));
        }
        write(file(backend, LIST_FILE), node);
    }

    /** Our {@code releases} array; empty when absent or malformed, so the CLI's fields are used instead. */
    private static Optional<List<Release>> ours(ObjectNode node) {
        if (!(node.get("releases") instanceof ArrayNode array)) {
            return Optional.empty();
        }
        List<Release> releases = new ArrayList<>();
        for (JsonNode item : array) {
            Optional<Release> release = item instanceof ObjectNode object
                    ? text(object, "version").flatMap(version -> Release.ofTag(version,
                            object.path("prerelease").asBoolean(false), millis(object, "publishedAt")))
                    : Optional.empty();
            if (release.isEmpty()) {
                return Optional.empty();
            }
            releases.add(release.get());
        }
        return Optional.of(releases);
    }

    /**
     * The CLI's {@code versions} strings. It records no prerelease marks; what is newer than its
     * {@code latestStable} can only be a prerelease, so those are marked.
     */
    private static Optional<List<Release>> theClis(ObjectNode node) {
        if (!(node.get("versions") instanceof ArrayNode array)) {
            return Optional.empty();
        }
        Optional<ProxyVersion> latestStable = text(node, "latestStable").flatMap(ProxyVersion::parse);
        List<Release> releases = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isTextual()) {
                ProxyVersion.parse(item.asText()).ifPresent(version -> releases.add(new Release(
                        ProxyVersion.displayText(item.asText()),
                        latestStable.map(version::isNewerThan).orElse(false), Optional.empty())));
            }
        }
        return Optional.of(releases);
    }

    private Path file(Backend backend, String name) {
        return layout.binaryDirectory(backend).resolve(name);
    }

    /** The file's JSON object; empty when it is absent, too large, unreadable or not an object, as the CLI treats it. */
    private static Optional<ObjectNode> readObject(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            return JSON.readTree(Files.readAllBytes(file)) instanceof ObjectNode object
                    ? Optional.of(object) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, ObjectNode node) {
        try {
            AtomicFileWriter.write(file, JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new StorageException("Failed to write release cache", FileErrors.reason(e), ErrorCode.STORAGE_ERROR, e);
        }
    }

    private static Optional<String> text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Optional<Instant> millis(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.canConvertToLong() && value.isNumber()
                ? Optional.of(Instant.ofEpochMilli(value.asLong())) : Optional.empty();
    }
}
