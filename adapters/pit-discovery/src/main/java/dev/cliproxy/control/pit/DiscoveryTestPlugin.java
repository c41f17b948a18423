package dev.cliproxy.control.pit;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.pitest.classinfo.ClassByteArraySource;
import org.pitest.help.PitHelpError;
import org.pitest.junit.NullConfiguration;
import org.pitest.testapi.Configuration;
import org.pitest.testapi.TestGroupConfig;
import org.pitest.testapi.TestPluginFactory;
import org.pitest.testapi.TestSuiteFinder;
import org.pitest.testapi.TestUnitFinder;

/**
 * PIT's test plugin for the JUnit Platform (Jupiter and jqwik here) that finds a test class's tests by discovery.
 *
 * <p>PIT's own JUnit 5 plugin finds them by running the whole class, and it does so in every test JVM that PIT starts
 * for a unit of mutants (one per mutated class at least, and another after each mutant that times out) before the
 * first mutant: a quarter of CI's mutation run (README "Mutation testing"). Found by discovery, the tests run only
 * one at a time, as PIT runs them against each mutant and, in its coverage run, to record what each one covers. This
 * plugin ranks before the JUnit 5 plugin, which stays on PIT's class path for whatever this one steps aside from.
 */
public final class DiscoveryTestPlugin implements TestPluginFactory {

    @Override
    public Configuration createTestFrameworkConfiguration(TestGroupConfig groups, ClassByteArraySource source,
            Collection<String> excludedRunners, Collection<String> includedTestMethods) {
        // Tests chosen by tag or by method name are left to the JUnit 5 plugin, which knows how to choose them.
        if (chosen(groups.getIncludedGroups()) || chosen(groups.getExcludedGroups()) || chosen(includedTestMethods)) {
            return new NullConfiguration();
        }
        // One session for the JVM's life, as in a plain test run: its test engines are loaded once. PIT ends its
        // test JVMs with System.exit, which is where the session ends.
        return new DiscoveryConfiguration(LauncherFactory.openSession().getLauncher());
    }

    private static boolean chosen(Collection<String> names) {
        return names != null && names.stream().anyMatch(name -> !name.isBlank());
    }

    @Override
    public String name() {
        return "junit-platform-discovery";
    }

    @Override
    public String description() {
        return "JUnit Platform tests found by discovery, without running them";
    }

    /** The finder PIT asks first; its test suites are the JUnit Platform's own (none of PIT's kind). */
    private record DiscoveryConfiguration(Launcher launcher) implements Configuration {

        private static final int BEFORE_THE_JUNIT5_PLUGIN = DEFAULT_PRIORITY - 1;

        @Override
        public int priority() {
            return BEFORE_THE_JUNIT5_PLUGIN;
        }

        @Override
        public TestUnitFinder testUnitFinder() {
            return new DiscoveringTestUnitFinder(launcher);
        }

        @Override
        public TestSuiteFinder testSuiteFinder() {
            return testClass -> List.of();
        }

        @Override
        public Optional<PitHelpError> verifyEnvironment() {
            return Optional.empty();
        }
    }
}
