package dev.cliproxy.control.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.cliproxy.control.domain.Internal;

/**
 * The layering rules of the project, shared by {@link ArchitectureTest} (which checks the real code) and
 * {@link ArchitectureRulesCanFailTest} (which shows that each rule rejects a class that breaks it).
 */
final class ArchitectureRules {

    static final String BASE = "dev.cliproxy.control";
    private static final String DOMAIN = BASE + ".domain..";
    private static final String APPLICATION = BASE + ".application..";
    private static final String ADAPTERS = BASE + ".adapter..";
    private static final String TESTKIT = BASE + ".testkit..";
    /** The rules the real adapters and the testkit's fakes share (YAML and port of a proxy config). */
    private static final String RULES = BASE + ".rules..";
    /** The stand-in proxy, shipped in the testkit jar (its package predates the move). */
    private static final String STAND_IN = BASE + ".testing..";
    /** A package's documentation and annotations (see {@link #PUBLIC_SURFACE_IS_NAMED}), no type of it. */
    private static final String PACKAGE_INFO = "package-info";

    private ArchitectureRules() {
    }

    /** Domain, application, adapters and the composition root in the onion's order. */
    static final ArchRule HEXAGON = onionArchitecture()
            .domainModels(BASE + ".domain.model..", BASE + ".domain.error..")
            // The shared rules sit with the ports: on the domain, used by adapters (the testkit's among them).
            .domainServices(BASE + ".domain.port..", RULES)
            .applicationServices(APPLICATION)
            .adapter("process", BASE + ".adapter.process..")
            .adapter("filesystem", BASE + ".adapter.fs..")
            .adapter("http-clients", BASE + ".adapter.http..")
            .adapter("database", BASE + ".adapter.db..")
            .adapter("bootstrap", BASE, BASE + ".bootstrap..")
            // The testkit is another set of adapters (in memory) of the same ports.
            .adapter("testkit", TESTKIT, STAND_IN)
            // The composition root (facade and server) wires the adapters: that is its job.
            .ignoreDependency(resideInAnyPackage(BASE, BASE + ".bootstrap.."), resideInAPackage(ADAPTERS))
            .withOptionalLayers(true)
            .because("dependencies point inwards: adapters and bootstrap to application, application to domain");

    static final ArchRule DOMAIN_IS_JDK_ONLY = noClasses().that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat(not(resideInAnyPackage(DOMAIN, "java..")))
            .because("the domain is plain Java: records, value objects, ports and errors");

    static final ArchRule CORE_HAS_NO_FRAMEWORKS = noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "com.fasterxml..", "org.yaml..",
                    "java.net.http..")
            .because("HTTP, JSON and YAML are adapters' business");

    static final ArchRule LIBRARY_HAS_NO_HELIDON = noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION, ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage("io.helidon..")
            .because("only bootstrap may use Helidon: the library jars must embed anywhere");

    static final ArchRule ADAPTERS_DO_NOT_USE_APPLICATION = noClasses().that().resideInAPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage(APPLICATION)
            .because("adapters implement domain ports; use cases call them, never the reverse");

    static final ArchRule ADAPTERS_ARE_INDEPENDENT = slices().matching(BASE + ".adapter.(*)..")
            .should().notDependOnEachOther()
            .because("an adapter never reaches into another adapter's internals");

    static final ArchRule TESTKIT_BUILDS_ON_DOMAIN_ONLY = noClasses().that().resideInAnyPackage(TESTKIT, STAND_IN)
            .should().dependOnClassesThat(resideInAPackage(BASE + "..")
                    .and(not(resideInAnyPackage(DOMAIN, RULES, TESTKIT, STAND_IN))))
            .because("the testkit implements domain ports for embedders' tests: it must not need our own adapters,"
                    + " use cases or facade, or a fake would test the real thing against itself; it shares only the"
                    + " rules both must answer by");

    static final ArchRule RULES_BUILD_ON_DOMAIN_ONLY = noClasses().that().resideInAPackage(RULES)
            .should().dependOnClassesThat(not(resideInAnyPackage(DOMAIN, RULES, "java..", "org.yaml.snakeyaml..")))
            .because("a rule shared by the real adapters and the fakes is pure: the domain, the JDK and SnakeYAML");

    static final ArchRule NOTHING_SHIPPED_USES_THE_TESTKIT = noClasses().that().resideOutsideOfPackages(TESTKIT, STAND_IN)
            .should().dependOnClassesThat().resideInAnyPackage(TESTKIT, STAND_IN)
            .because("the testkit is for tests: the library and server jars must work without it");

    static final ArchRule NOTHING_SHIPPED_USES_JQWIK = noClasses().that().resideOutsideOfPackage(TESTKIT)
            .should().dependOnClassesThat().resideInAPackage("net.jqwik..")
            .because("jqwik is a test library: only the testkit may expose it");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(BASE + ".(**)")
            .should().beFreeOfCycles();

    /**
     * Imports form layers inside packages too: each top-level class with its nested classes is one slice, and no
     * slice reaches itself again through others (a sealed interface nests the records it permits). A builder in its
     * own file ({@code FooBuilder}) is one slice with what it builds ({@code Foo}): {@code Foo.builder()} and
     * {@code FooBuilder.build()} name each other by design.
     */
    static final ArchRule NO_CLASS_CYCLES = slices().assignedFrom(new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                    return javaClass.getPackageName().startsWith(BASE)
                            ? SliceIdentifier.of(topLevel(javaClass).getName().replaceFirst("Builder$", ""))
                            : SliceIdentifier.ignore();
                }

                @Override
                public String getDescription() {
                    return "top-level classes with their nested classes";
                }
            })
            .should().beFreeOfCycles()
            .because("a class loop makes neither class understandable, testable or replaceable alone");

    private static JavaClass topLevel(JavaClass javaClass) {
        JavaClass outer = javaClass;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    /**
     * The packages an embedder may use: the facade, the domain's model, errors and ports (and its {@code Internal}
     * marker), the testkit and its stand-in proxy. Adding one is a decision about the public API.
     */
    static final String[] EMBEDDER_PACKAGES = {BASE, BASE + ".domain", BASE + ".domain.model", BASE + ".domain.error",
            BASE + ".domain.port", TESTKIT, STAND_IN};

    static final ArchRule PUBLIC_SURFACE_IS_NAMED = classes().that().resideInAPackage(BASE + "..")
            .and().resideOutsideOfPackages(EMBEDDER_PACKAGES).and().arePublic()
            .should(new ArchCondition<JavaClass>("reside in a package marked @Internal in its package-info.java") {
                @Override
                public void check(JavaClass javaClass, ConditionEvents events) {
                    if (!javaClass.getPackage().isAnnotatedWith(Internal.class)) {
                        events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName()
                                + " is public outside the embedders' packages, in a package not marked internal"));
                    }
                }
            })
            .because("an embedder must see at a glance what it may use: everything else is package-private or"
                    + " in a package documented as internal");

    static final ArchRule ONLY_PROCESS_ADAPTER_SPAWNS = noClasses()
            .that().resideOutsideOfPackage(BASE + ".adapter.process..")
            .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Process.class, ProcessHandle.class)
            .because("starting, finding and signalling processes is the process adapter's job alone");

    static final ArchRule PORTS_ARE_INTERFACES_NAMED_PORT = classes().that().resideInAPackage(BASE + ".domain.port..")
            .and().areTopLevelClasses()
            .should().beInterfaces().andShould().haveSimpleNameEndingWith("Port");

    /** Types nested in a port (a handle it returns, say) may be implemented by anything. */
    static final ArchRule PORT_IMPLEMENTATIONS_ARE_ADAPTERS = classes().that().resideInAPackage(ADAPTERS)
            .and().implement(resideInAPackage(BASE + ".domain.port..").and(simpleNameEndingWith("Port")))
            .should().haveSimpleNameEndingWith("Adapter");

    static final ArchRule USE_CASES_ARE_INTERFACES = classes().that().resideInAPackage(BASE + ".application.usecase..")
            .and().areTopLevelClasses().and().doNotHaveSimpleName(PACKAGE_INFO)
            .should().beInterfaces().andShould().haveSimpleNameEndingWith("UseCase");

    /**
     * Records beside the services are their parameter objects (ports bundle, timings) and keep their own names, as
     * does the kernel the life-cycle services share ({@code ProxyLifecycle}), which is built once and handed to them.
     */
    static final ArchRule SERVICES_NAMED = classes().that().resideInAPackage(BASE + ".application.service..")
            .and().areTopLevelClasses().and().arePublic().and().areNotRecords()
            .and().doNotHaveSimpleName("ProxyLifecycle")
            .should().haveSimpleNameEndingWith("Service");

    static final ArchRule DTOS_ARE_RECORDS = classes().that().resideInAPackage(BASE + ".bootstrap.http.dto..")
            .and().areTopLevelClasses().and().doNotHaveSimpleName(PACKAGE_INFO)
            .should().beRecords();

    /**
     * A provider's quota port is its mapping of the provider's answers, pure code over {@link
     * dev.cliproxy.control.domain.port.UpstreamCallPort}: tests use the real one over the testkit's in-memory
     * upstream, as a fake of it would be a copy of those rules.
     */
    static final ArchRule THE_TESTKIT_FAKES_EVERY_PORT = classes().that().resideInAPackage(BASE + ".domain.port..")
            .and().areTopLevelClasses().and().areInterfaces()
            .and().doNotHaveSimpleName("QuotaProviderPort")
            .should(new ArchCondition<JavaClass>("have an in-memory implementation in the testkit") {
                @Override
                public void check(JavaClass port, ConditionEvents events) {
                    if (port.getAllSubclasses().stream().noneMatch(resideInAPackage(TESTKIT))) {
                        events.add(SimpleConditionEvent.violated(port, port.getName() + " has no fake in the testkit"));
                    }
                }
            })
            .because("an embedder's tests replace every port with the testkit's fakes");
}
