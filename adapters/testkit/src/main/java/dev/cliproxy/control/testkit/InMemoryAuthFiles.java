package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.model.TokenFileNaming;
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
 * routes find in them. A token file ({@link #putAccount}, {@link #putTokenFile}) is both, as on disk; accounts are
 * found by the same naming rule as the real store ({@link TokenFileNaming}): by name, then by email.
 */
public final class InMemoryAuthFiles implements AuthFileStorePort, CredentialStorePort {

    /** What the quota routes read in a token file. */
    private record TokenFile(Optional<String> type, String email, String accessToken) {
    }

    /** A file taken away whole, to be put back as it was ({@link InMemoryAccountFiles}). */
    record Taken(byte[] content, Optional<TokenFile> token) {
    }

    private final MemoryDirectory directory;
    private final Map<String, TokenFile> tokenFiles = new ConcurrentHashMap<>();

    public InMemoryAuthFiles(CcsLayout layout, Clock clock) {
        this.directory = new MemoryDirectory(layout.authDirectory(), clock, name -> true);
    }

    /** Any file under a plain name: listed and downloadable, but no account (it replaces any token file). */
    public void put(String name, byte[] content) {
        tokenFiles.remove(name);
        directory.put(name, content);
    }

    /**
     * The token file the CLI's login writes for {@code accountId} ({@link TokenFileNaming#fileName}, its
     * {@code type}), found by the quota routes under {@code accountId}. Returns the file name.
     */
    public String putAccount(QuotaProvider provider, String accountId, String accessToken) {
        TokenFileNaming naming = provider.tokenFiles();
        String name = naming.fileName(accountId);
        putTokenFile(name, Optional.of(naming.type()), accountId, accessToken);
        return name;
    }

    /** A token file under any name, with or without a {@code type}: found wherever the naming rule finds it. */
    public void putTokenFile(String name, Optional<String> type, String email, String accessToken) {
        directory.put(name, tokenFile(type, email, accessToken).getBytes(StandardCharsets.UTF_8));
        tokenFiles.put(name, new TokenFile(type, email, accessToken));
    }

    /** The JSON of a token file, the same bytes a test writes to a real {@code auth/} directory. */
    public static String tokenFile(Optional<String> type, String email, String accessToken) {
        return "{" + type.map(t -> "\"type\":\"" + t + "\",").orElse("") + "\"email\":\"" + email
                + "\",\"access_token\":\"" + accessToken + "\"}";
    }

    public void putLinkOutside(String name) {
        directory.putLinkOutside(name);
    }

    public void putDirectory(String name) {
        directory.putDirectory(name);
    }

    public boolean delete(String name) {
        tokenFiles.remove(name);
        return directory.delete(name);
    }

    /** Whether anything (a file, a link, a directory) has this name ({@link InMemoryAccountFiles}). */
    boolean holds(String name) {
        return directory.holds(name);
    }

    /** Whether a directory has this name, which no file may replace. */
    boolean holdsDirectory(String name) {
        return directory.holdsDirectory(name);
    }

    /** Takes the regular file {@code name} away, with what the quota routes read in it; empty if there is none. */
    Optional<Taken> take(String name) {
        Optional<Taken> taken = directory.bytes(name).map(bytes -> new Taken(bytes,
                Optional.ofNullable(tokenFiles.get(name))));
        taken.ifPresent(t -> delete(name));
        return taken;
    }

    /** Puts a file taken away back as it was. */
    void putBack(String name, Taken taken) {
        directory.put(name, taken.content());
        taken.token().ifPresentOrElse(token -> tokenFiles.put(name, token), () -> tokenFiles.remove(name));
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
        TokenFileNaming naming = provider.tokenFiles();
        for (String name : naming.candidateNames(accountId)) {
            TokenFile file = tokenFiles.get(name);
            if (file != null && naming.owns(file.type(), name)) {
                return Optional.of(credential(provider, name, file));
            }
        }
        // Then by email, in name order as the real store lists the directory; only *.json files are token files.
        return tokenFiles.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".json") && naming.owns(e.getValue().type(), e.getKey())
                        && e.getValue().email().equalsIgnoreCase(accountId))
                .min(Map.Entry.comparingByKey())
                .map(e -> credential(provider, e.getKey(), e.getValue()));
    }

    private static Credential credential(QuotaProvider provider, String name, TokenFile file) {
        return new Credential(provider, name, false, Optional.of(file.email()), file.accessToken(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
