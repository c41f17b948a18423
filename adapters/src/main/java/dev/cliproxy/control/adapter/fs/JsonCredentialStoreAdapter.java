package dev.cliproxy.control.adapter.fs;

import static dev.cliproxy.control.adapter.fs.TokenFileFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.TokenFileNaming;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an account's token file in {@code auth/}, then {@code auth-paused/}, by the names CLIProxyAPI and the
 * {@code ccs} CLI give them ({@link TokenFileNaming}): the file's stem, {@code <prefix><email>},
 * {@code <prefix><email with @ and . as _>}, or a file of the provider's {@code type} whose {@code email} is the
 * account id. The file is read on each call and nothing of it is kept.
 */
public final class JsonCredentialStoreAdapter implements CredentialStorePort {

    /** Token files are small; anything larger is not one. */
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCOUNT_PROJECT = Pattern.compile("\\(([^()]+)\\)\\s*$");

    private final CcsLayout layout;

    public JsonCredentialStoreAdapter(CcsLayout layout) {
        this.layout = layout;
    }

    @Override
    public Optional<Credential> find(QuotaProvider provider, String accountId) {
        TokenFileNaming naming = provider.tokenFiles();
        for (Path directory : List.of(layout.authDirectory(), layout.pausedAuthDirectory())) {
            boolean paused = directory.equals(layout.pausedAuthDirectory());
            Optional<Credential> found = byName(directory, paused, provider, naming, accountId)
                    .or(() -> byEmail(directory, paused, provider, naming, accountId));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<Credential> byName(Path directory, boolean paused, QuotaProvider provider,
                                        TokenFileNaming naming, String accountId) {
        for (String name : naming.candidateNames(accountId)) {
            Optional<Credential> credential = read(directory, directory.resolve(name), paused, provider);
            if (credential.isPresent()) {
                return credential;
            }
        }
        return Optional.empty();
    }

    private Optional<Credential> byEmail(Path directory, boolean paused, QuotaProvider provider,
                                         TokenFileNaming naming, String accountId) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        files.sort(null); // a stable choice when two files name the same email
        for (Path file : files) {
            Optional<Credential> credential = read(directory, file, paused, provider)
                    .filter(c -> c.email().filter(accountId::equalsIgnoreCase).isPresent());
            if (credential.isPresent()) {
                return credential;
            }
        }
        return Optional.empty();
    }

    /** The credential in {@code file} when it is a regular file inside {@code directory} of this provider's kind. */
    private static Optional<Credential> read(Path directory, Path file, boolean paused, QuotaProvider provider) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES
                    || !file.toRealPath().startsWith(directory.toRealPath())) {
                return Optional.empty();
            }
            return parse(provider, file.getFileName().toString(), paused, Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The credential a token file named {@code fileName} holds, wherever its bytes come from (this directory, or a
     * proxy on another host that serves its own): empty when it is not JSON, not of {@code provider}'s kind, or has
     * no access token.
     */
    public static Optional<Credential> parse(QuotaProvider provider, String fileName, boolean paused,
                                             byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject() || !provider.tokenFiles().owns(text(root, "type"), fileName)) {
            return Optional.empty();
        }
        Optional<String> token = text(root, "access_token").or(() -> text(root.path("token"), "access_token"));
        return token.map(t -> new Credential(provider, fileName, paused,
                TokenFileFields.email(root), t, TokenFileFields.expiry(root),
                text(root, "project_id").or(() -> projectOfAccount(root)),
                text(root, "account_id").or(() -> text(root, "accountId")),
                text(root, "profile_arn").or(() -> text(root, "profileArn"))));
    }

    /** Older Gemini files only name the project inside {@code account: "<email> (<project>)"}. */
    private static Optional<String> projectOfAccount(JsonNode root) {
        return text(root, "account").map(ACCOUNT_PROJECT::matcher).filter(Matcher::find).map(m -> m.group(1).strip());
    }
}
