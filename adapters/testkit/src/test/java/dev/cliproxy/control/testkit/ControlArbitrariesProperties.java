package dev.cliproxy.control.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.ProxyVersion;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.testkit.arbitrary.ConfigYaml;
import dev.cliproxy.control.testkit.arbitrary.ControlArbitraries;
import dev.cliproxy.control.testkit.arbitrary.ErrorLogFile;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import java.nio.file.Path;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The arbitraries are what they say: users rely on them to mean "valid" and "hostile". */
class ControlArbitrariesProperties {

    private final InMemoryConfigFile config = new InMemoryConfigFile(new CcsLayout(Path.of("/tmp/ccs")));

    @Property
    void validNamesAreAccepted(@ForAll AuthFileName auth, @ForAll ErrorLogName log) {
        assertTrue(AuthFileName.parse(auth.value()).isPresent());
        assertTrue(ErrorLogName.parse(log.value()).isPresent());
    }

    @Property
    void hostileNamesAreRefusedEverywhere(@ForAll("hostile") String name) {
        assertTrue(AuthFileName.parse(name).isEmpty(), name);
        assertTrue(ErrorLogName.parse(name).isEmpty(), name);
    }

    @Property
    void errorLogsCarryTheStatusAndModelTheyDeclare(@ForAll ErrorLogFile log) {
        assertTrue(ErrorLogName.parse(log.name()).isPresent());
        String marker = log.format() == ErrorLogFile.Format.V6 ? "HTTP Status: " : "Status: ";
        assertTrue(log.content().contains(marker + log.statusCode().getAsInt()), log.content());
        assertTrue(log.content().contains("\"model\":\"" + log.model().orElseThrow() + "\""), log.content());
    }

    @Property
    void versionsParse(@ForAll("versions") String version, @ForAll Release release) {
        assertTrue(ProxyVersion.parse(version).isPresent(), version);
        assertTrue(ProxyVersion.parse(release.version()).isPresent(), release.toString());
    }

    @Property
    void configDocumentsAreAcceptedExactlyWhenValid(@ForAll ConfigYaml document) {
        if (document.valid()) {
            config.replace(8317, document.content(), new WritePrecondition.Unconditional());
            assertEquals(document.content(), new String(config.read(8317).orElseThrow().content(),
                    java.nio.charset.StandardCharsets.UTF_8));
        } else {
            assertThrows(InvalidInputException.class,
                    () -> config.replace(8317, document.content(), new WritePrecondition.Unconditional()));
        }
    }

    @Property
    void quotaAnswersMapToTheContractsStatuses(@ForAll("answers") QuotaAnswer answer) {
        assertTrue(Set.of(200, 409, 429, 502, 504).contains(answer.expectedStatus()), answer.toString());
    }

    @Provide
    Arbitrary<String> hostile() {
        return ControlArbitraries.hostileFileNames();
    }

    @Provide
    Arbitrary<String> versions() {
        return ControlArbitraries.versions();
    }

    @Provide
    Arbitrary<QuotaAnswer> answers() {
        return net.jqwik.api.Arbitraries.of(QuotaProvider.builtIn()).flatMap(ControlArbitraries::quotaAnswers);
    }
}
