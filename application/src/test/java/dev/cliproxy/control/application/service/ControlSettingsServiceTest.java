package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.application.usecase.UpdateControlSettingsUseCase.Command;
import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlSettingsServiceTest {

    private static final ControlSettings WITH_SECRET = ControlSettings.fromTree(Map.of("webhooks",
            Map.of("url", "https://h.test", "secret", "s3cr3t")));

    private final InMemoryControlSettings store = new InMemoryControlSettings(WITH_SECRET);
    private final ControlSettingsService service = new ControlSettingsService(store);

    @Test
    void writingBackWhatWasReadKeepsTheSecretsItCouldNotSee() {
        ControlSettings shown = ControlSettings.fromTree(service.read().settings().publicTree());
        ControlSettingsDocument written = service.update(new Command(shown,
                new WritePrecondition.MatchesAny(List.of(service.read().etag()))));
        assertEquals(WITH_SECRET, store.stored());
        assertEquals(service.read().etag(), written.etag(), "the answer carries the tag of what was stored");
        assertEquals(service.read().settings(), written.settings());
    }

    @Test
    void aStaleTagChangesNothing() {
        assertThrows(PreconditionFailedException.class, () -> service.update(new Command(ControlSettings.DEFAULTS,
                new WritePrecondition.MatchesAny(List.of(new EntityTag("old"))))));
        assertEquals(WITH_SECRET, store.stored());
    }

    @Test
    void aBrokenFileCanBeRepairedByAWrite() {
        store.corrupt();
        service.update(new Command(ControlSettings.DEFAULTS, new WritePrecondition.Unconditional()));
        assertEquals(ControlSettings.DEFAULTS, service.read().settings());
    }
}
