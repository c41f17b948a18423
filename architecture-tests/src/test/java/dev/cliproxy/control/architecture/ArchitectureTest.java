package dev.cliproxy.control.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** Fails the build when the production code breaks the layering. */
@AnalyzeClasses(packages = ArchitectureRules.BASE, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule hexagon = ArchitectureRules.HEXAGON;
    @ArchTest
    static final ArchRule domainIsJdkOnly = ArchitectureRules.DOMAIN_IS_JDK_ONLY;
    @ArchTest
    static final ArchRule coreHasNoFrameworks = ArchitectureRules.CORE_HAS_NO_FRAMEWORKS;
    @ArchTest
    static final ArchRule libraryHasNoHelidon = ArchitectureRules.LIBRARY_HAS_NO_HELIDON;
    @ArchTest
    static final ArchRule adaptersDoNotUseApplication = ArchitectureRules.ADAPTERS_DO_NOT_USE_APPLICATION;
    @ArchTest
    static final ArchRule adaptersAreIndependent = ArchitectureRules.ADAPTERS_ARE_INDEPENDENT;
    @ArchTest
    static final ArchRule testkitBuildsOnDomainOnly = ArchitectureRules.TESTKIT_BUILDS_ON_DOMAIN_ONLY;
    @ArchTest
    static final ArchRule rulesBuildOnDomainOnly = ArchitectureRules.RULES_BUILD_ON_DOMAIN_ONLY;
    @ArchTest
    static final ArchRule nothingShippedUsesTheTestkit = ArchitectureRules.NOTHING_SHIPPED_USES_THE_TESTKIT;
    @ArchTest
    static final ArchRule nothingShippedUsesJqwik = ArchitectureRules.NOTHING_SHIPPED_USES_JQWIK;
    @ArchTest
    static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;
    @ArchTest
    static final ArchRule noClassCycles = ArchitectureRules.NO_CLASS_CYCLES;
    @ArchTest
    static final ArchRule publicSurfaceIsNamed = ArchitectureRules.PUBLIC_SURFACE_IS_NAMED;
    @ArchTest
    static final ArchRule onlyProcessAdapterSpawns = ArchitectureRules.ONLY_PROCESS_ADAPTER_SPAWNS;
    @ArchTest
    static final ArchRule portsAreInterfacesNamedPort = ArchitectureRules.PORTS_ARE_INTERFACES_NAMED_PORT;
    @ArchTest
    static final ArchRule portImplementationsAreAdapters = ArchitectureRules.PORT_IMPLEMENTATIONS_ARE_ADAPTERS;
    @ArchTest
    static final ArchRule useCasesAreInterfaces = ArchitectureRules.USE_CASES_ARE_INTERFACES;
    @ArchTest
    static final ArchRule servicesNamed = ArchitectureRules.SERVICES_NAMED;
    @ArchTest
    static final ArchRule dtosAreRecords = ArchitectureRules.DTOS_ARE_RECORDS;
    @ArchTest
    static final ArchRule theTestkitFakesEveryPort = ArchitectureRules.THE_TESTKIT_FAKES_EVERY_PORT;
    @ArchTest
    static final ArchRule noGenericExceptions = GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
}
