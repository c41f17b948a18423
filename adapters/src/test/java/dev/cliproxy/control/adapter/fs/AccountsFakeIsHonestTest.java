package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.model.AccountNotes;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ManualHold;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.TokenState;
import dev.cliproxy.control.domain.port.AccountStorePort;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file adapter of {@code auth/}, {@code auth-paused/}, the pause records and notes, and the testkit's fake doing
 * the same.
 */
class AccountsFakeIsHonestTest {

    private static final Instant MODIFIED = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path ccs;

    @Test
    void theFakeAnswersAsTheFilesDo() throws IOException {
        CcsLayout layout = new CcsLayout(ccs);
        file(layout.authDirectory(), "codex-a.json",
                "{\"type\":\"codex\",\"email\":\"a@b.c\",\"expired\":\"2026-12-01T10:00:00Z\"}");
        file(layout.authDirectory(), "aws-k.json", "{\"email\":\"k@b.c\"}");
        file(layout.authDirectory(), "dup.json", "{\"type\":\"qwen\"}");
        file(layout.pausedAuthDirectory(), "dup.json", "{\"type\":\"qwen\"}");
        file(layout.pausedAuthDirectory(), "claude-p.json", "{\"type\":\"claude\"}");
        AccountStorePort real = new FileSystemAccountStoreAdapter(layout);
        InMemoryAccounts fake = new InMemoryAccounts();
        fake.put("codex-a.json", false, Optional.of("codex"), Optional.of("a@b.c"), Optional.of(EXPIRY), MODIFIED);
        fake.put("aws-k.json", false, Optional.empty(), Optional.of("k@b.c"), Optional.empty(), MODIFIED);
        fake.put("dup.json", false, Optional.of("qwen"), Optional.empty(), Optional.empty(), MODIFIED);
        fake.put("dup.json", true, Optional.of("qwen"), Optional.empty(), Optional.empty(), MODIFIED);
        fake.put("claude-p.json", true, Optional.of("claude"), Optional.empty(), Optional.empty(), MODIFIED);
        assertEquals(sorted(real.list()), sorted(fake.list()));

        AccountToken codex = token(real, "codex-a.json", false);
        AccountToken dup = token(real, "dup.json", false);
        AccountToken claude = token(real, "claude-p.json", true);
        AccountPause quota = new AccountPause(PauseReason.QUOTA, MODIFIED, Optional.of(EXPIRY));
        AccountNotes notes = new AccountNotes(Optional.of(new ManualHold(MODIFIED, Optional.of(EXPIRY))),
                Optional.of(TokenState.EXPIRED), true);
        for (Function<AccountStorePort, Object> step : List.<Function<AccountStorePort, Object>>of(
                p -> p.move(codex, true),
                p -> p.move(codex, true),
                p -> p.move(dup, true),
                p -> p.move(claude, false),
                p -> p.move(codex.movedTo(true, MODIFIED), false),
                p -> {
                    p.recordPause("codex-a.json", Optional.of(quota));
                    return p.pauses();
                },
                p -> {
                    p.recordPause("codex-a.json", Optional.empty());
                    return p.pauses();
                },
                p -> {
                    p.recordPause("claude-p.json", Optional.of(quota));
                    p.recordNotes("claude-p.json", notes);
                    return p.notes();
                },
                p -> {
                    p.recordPause("claude-p.json", Optional.empty());
                    return List.of(p.pauses(), p.notes());
                },
                p -> {
                    p.recordNotes("claude-p.json", AccountNotes.NONE);
                    return List.of(p.pauses(), p.notes());
                })) {
            assertEquals(outcome(real, step), outcome(fake, step));
            assertEquals(sorted(real.list()), sorted(fake.list()));
            assertEquals(real.pauses(), fake.pauses());
            assertEquals(real.notes(), fake.notes());
        }
    }

    private static void file(Path directory, String name, String json) throws IOException {
        Files.createDirectories(directory);
        Files.setLastModifiedTime(Files.writeString(directory.resolve(name), json), FileTime.from(MODIFIED));
    }

    private static AccountToken token(AccountStorePort store, String file, boolean paused) {
        return store.list().stream().filter(t -> t.file().equals(file) && t.paused() == paused).findFirst()
                .orElseThrow();
    }

    private static List<AccountToken> sorted(List<AccountToken> tokens) {
        return tokens.stream().sorted(Comparator.comparing(AccountToken::file)
                .thenComparing(AccountToken::paused)).toList();
    }

    /** The step's answer, or the kind and code of its failure. */
    private static Object outcome(AccountStorePort store, Function<AccountStorePort, Object> step) {
        try {
            return step.apply(store);
        } catch (ControlException e) {
            return e.getClass().getSimpleName() + " " + e.errorCode();
        }
    }
}
