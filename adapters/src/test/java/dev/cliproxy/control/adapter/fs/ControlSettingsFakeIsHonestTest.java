package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.ControlSettingsDocument;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file adapter of {@code cliproxy/control.yaml}, and the testkit's fake doing the same. */
class ControlSettingsFakeIsHonestTest {

    private static final ControlSettings SUPERVISED = ControlSettings.fromTree(Map.of(
            "supervision", Map.of("enabled", true, "maxCrashes", 3, "crashWindow", "2m"),
            "webhooks", Map.of("url", "https://hooks.test/x", "secret", "s3cr3t-value")));

    @TempDir
    Path ccs;

    @Test
    void theFakeAnswersAsTheFileDoes() {
        CcsLayout layout = new CcsLayout(ccs);
        ControlSettingsPort real = new FileSystemControlSettingsAdapter(layout, Clock.systemUTC());
        ControlSettingsPort fake = new InMemoryControlSettings();
        for (Consumer<ControlSettingsPort> step : List.<Consumer<ControlSettingsPort>>of(
                p -> p.replace(SUPERVISED, new WritePrecondition.AnyExisting()),
                p -> p.replace(ControlSettings.DEFAULTS, new WritePrecondition.MatchesAny(
                        List.of(ControlSettingsDocument.of(SUPERVISED).etag()))),
                p -> p.replace(SUPERVISED, new WritePrecondition.MatchesAny(List.of(new EntityTag("stale")))),
                p -> p.replace(SUPERVISED, new WritePrecondition.Unconditional()))) {
            assertEquals(outcome(real, step), outcome(fake, step));
            assertEquals(real.read(), fake.read());
        }
    }

    @Test
    void theFileIsYamlWithMode0600AndReadsBackWhole() throws IOException {
        CcsLayout layout = new CcsLayout(ccs);
        ControlSettingsPort real = new FileSystemControlSettingsAdapter(layout, Clock.systemUTC());
        assertEquals(ControlSettingsDocument.of(ControlSettings.DEFAULTS), real.read());
        assertFalse(Files.exists(layout.controlSettingsFile()), "reading writes nothing");

        ControlSettingsDocument written = real.replace(SUPERVISED, new WritePrecondition.Unconditional());
        Path file = layout.controlSettingsFile();
        assertEquals(ccs.resolve("cliproxy/control.yaml"), file);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        String text = Files.readString(file);
        assertTrue(text.contains("supervision:\n  enabled: true\n  maxCrashes: 3\n  crashWindow: 2m\n"), text);
        assertEquals(written, new FileSystemControlSettingsAdapter(layout, Clock.systemUTC()).read());
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.filter(p -> !Files.isDirectory(p)).toList(), "no temp file left");
        }
    }

    @Test
    void aHandEditIsReadAndABrokenOneIsReportedWithoutItsText() throws IOException {
        CcsLayout layout = new CcsLayout(ccs);
        ControlSettingsPort real = new FileSystemControlSettingsAdapter(layout, Clock.systemUTC());
        Files.createDirectories(layout.cliproxyDirectory());
        // A section no capability of this version models (fleet, the first example here, is modelled now).
        Files.writeString(layout.controlSettingsFile(), "supervision:\n  enabled: true\nlater:\n  instances: []\n");
        assertTrue(real.read().settings().supervision().enabled());
        assertEquals(Map.of("instances", List.of()), real.read().settings().otherSections().get("later"));

        Files.writeString(layout.controlSettingsFile(), "webhooks:\n  secret: hunter2\n  : [\n");
        StorageException broken = assertThrows(StorageException.class, real::read);
        String said = broken.error() + broken.detail().orElse("");
        assertTrue(said.contains("cliproxy/control.yaml") && said.contains("line"), said);
        assertFalse(said.contains("hunter2") || said.contains(ccs.toString()), said);
        // A broken file blocks no repair.
        real.replace(ControlSettings.DEFAULTS, new WritePrecondition.Unconditional());
        assertEquals(ControlSettings.DEFAULTS, real.read().settings());
    }

    /** What a step did: the tag it wrote or the refusal it met. */
    private static String outcome(ControlSettingsPort port, Consumer<ControlSettingsPort> step) {
        try {
            step.accept(port);
            return "written " + port.read().etag();
        } catch (PreconditionFailedException e) {
            return "412 " + e.error() + e.detail().orElse("");
        }
    }
}
