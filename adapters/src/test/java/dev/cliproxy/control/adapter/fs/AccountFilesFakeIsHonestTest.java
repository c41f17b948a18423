package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.RemovedAccount;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import dev.cliproxy.control.domain.port.AccountFilesPort;
import dev.cliproxy.control.domain.port.AccountStorePort;
import dev.cliproxy.control.testkit.InMemoryAccountFiles;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import dev.cliproxy.control.testkit.InMemoryAuthFiles;
import dev.cliproxy.control.testkit.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file adapter of imports, removals and restores, and the testkit's fake doing the same, step by step. */
class AccountFilesFakeIsHonestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path ccs;

    /** One way to the files: the listing and the import, removal and restore. */
    private record Store(AccountStorePort accounts, AccountFilesPort files) {
    }

    @Test
    void theFakeAnswersAsTheFilesDo() throws IOException {
        CcsLayout layout = new CcsLayout(ccs);
        Files.createDirectories(layout.pausedAuthDirectory());
        Files.writeString(layout.pausedAuthDirectory().resolve("claude-p.json"), "{\"type\":\"claude\"}");
        Files.createDirectories(layout.authDirectory());
        Files.createSymbolicLink(layout.authDirectory().resolve("codex-link.json"), ccs.resolve("nowhere"));
        Store real = new Store(new FileSystemAccountStoreAdapter(layout),
                new FileSystemAccountFilesAdapter(layout, QuotaProvider.builtIn()));
        InMemoryAccounts accounts = new InMemoryAccounts();
        InMemoryAuthFiles auth = new InMemoryAuthFiles(layout, new TestClock());
        auth.putLinkOutside("codex-link.json");
        accounts.put("claude-p.json", true, Optional.of("claude"), Optional.empty(), Optional.empty(), AT);
        Store fake = new Store(accounts, new InMemoryAccountFiles(accounts, new TestClock(AT)).mirroring(auth));

        for (BiFunction<Store, Integer, Object> step : List.<BiFunction<Store, Integer, Object>>of(
                (s, i) -> s.files().add(name("codex-a@b.c.json"), upload("{\"type\":\"codex\",\"email\":\"a@b.c\","
                        + "\"expired\":\"2026-12-01T10:00:00Z\"}"), false),
                (s, i) -> s.files().add(name("codex-a@b.c.json"), upload("{\"type\":\"codex\"}"), false),
                (s, i) -> s.files().add(name("codex-a@b.c.json"), upload("{\"type\":\"codex\",\"email\":\"z@b.c\"}"),
                        true),
                (s, i) -> s.files().add(name("claude-p.json"), upload("{\"type\":\"claude\"}"), true),
                (s, i) -> s.files().add(name("codex-link.json"), upload("{\"type\":\"codex\"}"), false),
                (s, i) -> s.files().remove(listed(s, "codex-a@b.c.json", false), AT),
                (s, i) -> s.files().remove(listed(s, "claude-p.json", true), AT),
                (s, i) -> s.files().add(name("codex-a@b.c.json"), upload("{\"type\":\"codex\"}"), false),
                (s, i) -> s.files().remove(listed(s, "codex-a@b.c.json", false), AT),
                (s, i) -> s.files().restore(oldest(s)),
                (s, i) -> s.files().restore(oldest(s)),
                (s, i) -> s.files().purge(oldest(s)),
                (s, i) -> s.files().purge(new RemovedAccount(listed(s, "claude-p.json", true), AT)),
                (s, i) -> s.files().add(name("codex-link.json"), upload("{\"type\":\"codex\"}"), true))) {
            assertEquals(outcome(real, step), outcome(fake, step));
            assertEquals(seen(real.accounts().list()), seen(fake.accounts().list()));
            assertEquals(removed(real), removed(fake));
        }
    }

    private static AccountToken listed(Store store, String file, boolean paused) {
        return store.accounts().list().stream().filter(t -> t.file().equals(file) && t.paused() == paused)
                .findFirst().orElseThrow();
    }

    private static RemovedAccount oldest(Store store) {
        return store.files().removed().stream().min(java.util.Comparator.comparing(RemovedAccount::storedName))
                .orElseThrow();
    }

    /** What may differ by nature is left out: a file's time (the real one is the disk's). */
    private static List<String> seen(List<AccountToken> tokens) {
        return tokens.stream().map(t -> t.provider() + " " + t.file() + " " + t.email() + " " + t.paused() + " "
                + t.expiresAt()).sorted().toList();
    }

    private static List<String> removed(Store store) {
        return store.files().removed().stream().map(r -> r.storedName() + " " + seen(List.of(r.token())))
                .sorted().toList();
    }

    private static Object outcome(Store store, BiFunction<Store, Integer, Object> step) {
        try {
            Object answer = step.apply(store, 0);
            return answer instanceof AccountToken token ? seen(List.of(token))
                    : answer instanceof Optional<?> o && o.isPresent() && o.get() instanceof AccountToken token
                    ? seen(List.of(token)) : answer instanceof Optional<?> o && o.isPresent()
                    && o.get() instanceof RemovedAccount r ? r.storedName() : answer;
        } catch (ControlException e) {
            return e.getClass().getSimpleName() + " " + e.errorCode();
        }
    }

    private static AuthFileName name(String name) {
        return AuthFileName.parse(name).orElseThrow();
    }

    private static TokenFileUpload upload(String json) {
        try {
            return TokenFileUpload.of(json.getBytes(StandardCharsets.UTF_8), JSON.readValue(json, Object.class));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
