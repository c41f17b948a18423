package dev.cliproxy.control.adapter.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Timestamps;
import dev.cliproxy.control.domain.model.TokenFileNaming;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
            Optional<Credential> credential = read(directory, directory.resolve(name), paused, provider, naming);
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
            Optional<Credential> credential = read(directory, file, paused, provider, naming)
                    .filter(c -> c.email().filter(accountId::equalsIgnoreCase).isPresent());
            if (credential.isPresent()) {
                return credential;
            }
        }
        return Optional.empty();
    }

    /** The credential in {@code file} when it is a regular file inside {@code directory} of this provider's kind. */
    private static Optional<Credential> read(Path directory, Path file, boolean paused, QuotaProvider provider,
                                             TokenFileNaming naming) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES
                    || !file.toRealPath().startsWith(directory.toRealPath())) {
                return Optional.empty();
            }
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            String name = file.getFileName().toString();
            if (root == null || !root.isObject() || !naming.owns(text(root, "type"), name)) {
                return Optional.empty();
            }
            Optional<String> token = text(root, "access_token").or(() -> text(root.path("token"), "access_token"));
            return token.map(t -> new Credential(provider, name, paused,
                    text(root, "email").or(() -> text(root, "username")), t, expiry(root),
                    text(root, "project_id").or(() -> projectOfAccount(root)),
                    text(root, "account_id").or(() -> text(root, "accountId")),
                    text(root, "profile_arn").or(() -> text(root, "profileArn"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Older Gemini files only name the project inside {@code account: "<email> (<project>)"}. */
    private static Optional<String> projectOfAccount(JsonNode root) {
        return text(root, "account").map(ACCOUNT_PROJECT::matcher).filter(Matcher::find).map(m -> m.group(1).strip());
    }

    private static Optional<Instant> expiry(JsonNode root) {
        for (JsonNode value : List.of(root.path("expired"), root.path("token").path("expiry"), root.path("expires_at"))) {
            Optional<Instant> instant = instant(value);
            if (instant.isPresent()) {
                return instant;
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode value) {
        return value.isNumber() || value.isTextual() ? Timestamps.parse(value.asText()) : Optional.empty();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText()) : Optional.empty();
    }
}
