package dev.cliproxy.control.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.cliproxy.control.adapter.fs.fixture.AdapterUsingHelidon;
import dev.cliproxy.control.adapter.fs.fixture.AdapterUsingOtherAdapter;
import dev.cliproxy.control.adapter.fs.fixture.AdapterUsingTestkit;
import dev.cliproxy.control.adapter.fs.fixture.AdapterUsingUseCase;
import dev.cliproxy.control.adapter.fs.fixture.SessionFileStore;
import dev.cliproxy.control.adapter.http.JdkProxyApiAdapter;
import dev.cliproxy.control.application.service.fixture.ApplicationSpawningProcess;
import dev.cliproxy.control.application.service.fixture.ApplicationUsingHttpClient;
import dev.cliproxy.control.application.service.fixture.HelperOfServices;
import dev.cliproxy.control.application.usecase.fixture.StartSomethingUseCase;
import dev.cliproxy.control.bootstrap.http.dto.fixture.ClassDto;
import dev.cliproxy.control.domain.model.fixture.DomainUsingJackson;
import dev.cliproxy.control.domain.model.fixture.ModelUsingPort;
import dev.cliproxy.control.domain.model.fixture.cycle.a.CycleA;
import dev.cliproxy.control.domain.model.fixture.cycle.b.CycleB;
import dev.cliproxy.control.domain.model.fixture.loop.LoopFirst;
import dev.cliproxy.control.domain.model.fixture.loop.LoopSecond;
import dev.cliproxy.control.domain.port.SessionStorePort;
import dev.cliproxy.control.domain.port.fixture.ClassPort;
import dev.cliproxy.control.domain.port.fixture.Gateway;
import dev.cliproxy.control.extension.fixture.PublicOutsideTheSurface;
import dev.cliproxy.control.rules.ProxyConfigYaml;
import dev.cliproxy.control.rules.fixture.RuleUsingAdapter;
import dev.cliproxy.control.testkit.InMemoryConfigFile;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.fixture.TestkitUsingAdapter;
import dev.cliproxy.control.testkit.fixture.TestkitUsingService;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureRules}, fed a class made to break it, must report a violation: a rule that
 * cannot fail protects nothing.
 */
class ArchitectureRulesCanFailTest {

    @Test
    void domainThatUsesJacksonIsRejected() {
        assertViolated(ArchitectureRules.DOMAIN_IS_JDK_ONLY, DomainUsingJackson.class);
        assertViolated(ArchitectureRules.CORE_HAS_NO_FRAMEWORKS, DomainUsingJackson.class);
    }

    @Test
    void applicationThatMakesHttpCallsIsRejected() {
        assertViolated(ArchitectureRules.CORE_HAS_NO_FRAMEWORKS, ApplicationUsingHttpClient.class);
    }

    @Test
    void adapterThatUsesHelidonIsRejected() {
        assertViolated(ArchitectureRules.LIBRARY_HAS_NO_HELIDON, AdapterUsingHelidon.class);
    }

    @Test
    void adapterThatCallsUseCasesIsRejected() {
        assertViolated(ArchitectureRules.ADAPTERS_DO_NOT_USE_APPLICATION, AdapterUsingUseCase.class);
    }

    @Test
    void adapterThatReachesIntoAnotherAdapterIsRejected() {
        assertViolated(ArchitectureRules.ADAPTERS_ARE_INDEPENDENT, AdapterUsingOtherAdapter.class,
                JdkProxyApiAdapter.class);
        assertViolated(ArchitectureRules.HEXAGON, AdapterUsingOtherAdapter.class, JdkProxyApiAdapter.class);
    }

    @Test
    void modelThatDependsOnPortsIsRejected() {
        assertViolated(ArchitectureRules.HEXAGON, ModelUsingPort.class, SessionStorePort.class);
    }

    @Test
    void packageCycleIsRejected() {
        assertViolated(ArchitectureRules.NO_PACKAGE_CYCLES, CycleA.class, CycleB.class);
    }

    @Test
    void classLoopInsideAPackageIsRejected() {
        assertViolated(ArchitectureRules.NO_CLASS_CYCLES, LoopFirst.class, LoopSecond.class);
        assertFalse(ArchitectureRules.NO_PACKAGE_CYCLES.evaluate(new ClassFileImporter()
                .importClasses(LoopFirst.class, LoopSecond.class)).hasViolation(), "one package: no package cycle");
    }

    @Test
    void aPublicClassOutsideTheEmbeddersPackagesInAnUnmarkedPackageIsRejected() {
        assertViolated(ArchitectureRules.PUBLIC_SURFACE_IS_NAMED, PublicOutsideTheSurface.class);
        assertFalse(ArchitectureRules.PUBLIC_SURFACE_IS_NAMED.evaluate(new ClassFileImporter()
                .importPackages("dev.cliproxy.control.adapter.process")).hasViolation(), "a package marked internal");
    }

    @Test
    void processOutsideTheProcessAdapterIsRejected() {
        assertViolated(ArchitectureRules.ONLY_PROCESS_ADAPTER_SPAWNS, ApplicationSpawningProcess.class);
    }

    @Test
    void portThatIsNotAnInterfaceNamedPortIsRejected() {
        assertViolated(ArchitectureRules.PORTS_ARE_INTERFACES_NAMED_PORT, ClassPort.class);
        assertViolated(ArchitectureRules.PORTS_ARE_INTERFACES_NAMED_PORT, Gateway.class);
    }

    @Test
    void portImplementationNotNamedAdapterIsRejected() {
        assertViolated(ArchitectureRules.PORT_IMPLEMENTATIONS_ARE_ADAPTERS, SessionFileStore.class,
                SessionStorePort.class);
    }

    @Test
    void useCaseThatIsAClassIsRejected() {
        assertViolated(ArchitectureRules.USE_CASES_ARE_INTERFACES, StartSomethingUseCase.class);
    }

    @Test
    void publicNonServiceClassAmongServicesIsRejected() {
        assertViolated(ArchitectureRules.SERVICES_NAMED, HelperOfServices.class);
    }

    @Test
    void dtoThatIsNotARecordIsRejected() {
        assertViolated(ArchitectureRules.DTOS_ARE_RECORDS, ClassDto.class);
    }

    @Test
    void testkitThatUsesAnAdapterOrAServiceIsRejected() {
        assertViolated(ArchitectureRules.TESTKIT_BUILDS_ON_DOMAIN_ONLY, TestkitUsingAdapter.class,
                JdkProxyApiAdapter.class);
        assertViolated(ArchitectureRules.TESTKIT_BUILDS_ON_DOMAIN_ONLY, TestkitUsingService.class);
    }

    @Test
    void aSharedRuleThatUsesAnAdapterIsRejectedWhileTheFakesMayUseTheRules() {
        assertViolated(ArchitectureRules.RULES_BUILD_ON_DOMAIN_ONLY, RuleUsingAdapter.class, JdkProxyApiAdapter.class);
        assertFalse(ArchitectureRules.TESTKIT_BUILDS_ON_DOMAIN_ONLY.evaluate(new ClassFileImporter()
                .importClasses(InMemoryConfigFile.class, ProxyConfigYaml.class)).hasViolation(), "the shared rule");
    }

    @Test
    void libraryCodeThatUsesTheTestkitOrJqwikIsRejected() {
        assertViolated(ArchitectureRules.NOTHING_SHIPPED_USES_THE_TESTKIT, AdapterUsingTestkit.class,
                InMemorySessionStore.class);
        assertViolated(ArchitectureRules.NOTHING_SHIPPED_USES_JQWIK, AdapterUsingTestkit.class);
    }

    @Test
    void aPortWithoutAFakeInTheTestkitIsRejected() {
        assertViolated(ArchitectureRules.THE_TESTKIT_FAKES_EVERY_PORT, SessionStorePort.class);
        assertFalse(ArchitectureRules.THE_TESTKIT_FAKES_EVERY_PORT.evaluate(new ClassFileImporter()
                .importClasses(SessionStorePort.class, InMemorySessionStore.class)).hasViolation(), "faked");
    }

    private static void assertViolated(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        EvaluationResult result = rule.evaluate(imported);
        assertTrue(result.hasViolation(), () -> "expected a violation of: " + rule.getDescription());
    }
}
