package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.AuthFileStorePort;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code auth/} directory in memory: its files as the auth-file routes see them, and the accounts the quota
 * routes find in them. {@link #putAccount} adds both at once, as a token file on disk is both.
 */
public final class InMemoryAuthFiles implements AuthFileStorePort, CredentialStorePort {

    private final MemoryDirectory directory;
    private final Map<String, Credential> accounts = new ConcurrentHashMap<>();

    public InMemoryAuthFiles(CcsLayout layout, Clock clock) {
        this.directory = new MemoryDirectory(layout.authDirectory(), clock, name -> true);
    }

    /** Any file under a plain name: listed and downloadable, but no account (it replaces any token file). */
    public void put(String name, byte[] content) {
        accounts.values().removeIf(c -> c.fileName().equals(name));
        directory.put(name, content);
    }

    /**
     * The token file {@code <kind>-<accountId>.json} ({@code {"type","email","access_token"}}, as the CLI writes
     * it), found by the quota routes under {@code accountId}. Returns the file name.
     */
    public String putAccount(QuotaProvider provider, String accountId, String accessToken) {
        String name = tokenFileName(provider, accountId);
        directory.put(name, tokenFile(provider, accountId, accessToken).getBytes(StandardCharsets.UTF_8));
        accounts.put(key(provider, accountId), new Credential(provider, name, false, Optional.of(accountId),
                accessToken, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        return name;
    }

    /** The JSON of a token file, the same bytes a test writes to a real {@code auth/} directory. */
    public static String tokenFile(QuotaProvider provider, String accountId, String accessToken) {
        return "{\"type\":\"" + kind(provider) + "\",\"email\":\"" + accountId + "\",\"access_token\":\""
                + accessToken + "\"}";
    }

    /** The name the CLI gives the token file of {@code accountId}. */
    public static String tokenFileName(QuotaProvider provider, String accountId) {
        return kind(provider) + "-" + accountId + ".json";
    }

    /** The {@code type} the CLI writes in a provider's token files (and the prefix of their names). */
    private static String kind(QuotaProvider provider) {
        return switch (provider) {
            case AGY -> "antigravity";
            case GHCP -> "github-copilot";
            default -> provider.id();
        };
    }

    public void putLinkOutside(String name) {
        directory.putLinkOutside(name);
    }

    public void putDirectory(String name) {
        directory.putDirectory(name);
    }

    public boolean delete(String name) {
        accounts.values().removeIf(c -> c.fileName().equals(name));
        return directory.delete(name);
    }

    public void failNextRead() {
        directory.failNextRead();
    }

    @Override
    public Path directory() {
        return directory.path();
    }

    @Override
    public List<StoredFile> list() {
        return directory.list();
    }

    @Override
    public Optional<FileContent> open(AuthFileName name) {
        return directory.open(name.value(), "Failed to read auth file");
    }

    @Override
    public Optional<Credential> find(QuotaProvider provider, String accountId) {
        return Optional.ofNullable(accounts.get(key(provider, accountId)));
    }

    private static String key(QuotaProvider provider, String accountId) {
        return provider.id() + "/" + accountId;
    }
}
