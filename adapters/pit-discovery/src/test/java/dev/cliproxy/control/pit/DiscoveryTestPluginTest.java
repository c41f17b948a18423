package dev.cliproxy.control.pit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pitest.junit.NullConfiguration;
import org.pitest.testapi.Configuration;
import org.pitest.testapi.Description;
import org.pitest.testapi.ResultCollector;
import org.pitest.testapi.TestGroupConfig;
import org.pitest.testapi.TestPluginFactory;
import org.pitest.testapi.TestUnit;
import org.pitest.testapi.TestUnitExecutionListener;

class DiscoveryTestPluginTest {

    private static final Pattern LAST_SEGMENT = Pattern.compile("\\[[a-z-]+:([A-Za-z]+)[^\\]]*]$");

    private final Configuration plugin = plugin(TestGroupConfig.emptyConfig(), List.of());

    @Test
    void findingATestClassesTestsRunsNoneOfThem() {
        int before = JupiterCases.RUNS.get();

        Map<String, TestUnit> units = find(JupiterCases.class);

        assertEquals(List.of("fails", "failsOnItsSecondValue", "isDisabled", "passes", "passesInside",
                "stopsOnAnAssumption"), List.copyOf(units.keySet()));
        assertEquals(before, JupiterCases.RUNS.get());
        assertEquals(List.of("failsForNegatives", "holds"), List.copyOf(find(JqwikCases.class).keySet()));
    }

    @Test
    void eachUnitRunsItsOwnTestsAloneAndReportsAsPitCountsThem() {
        Map<String, TestUnit> units = find(JupiterCases.class);

        assertEquals(new Run(Outcome.PASSED, 1), run(units.get("passes"), JupiterCases.RUNS::get));
        assertEquals(new Run(Outcome.FAILED, 1), run(units.get("fails"), JupiterCases.RUNS::get));
        assertEquals(new Run(Outcome.FAILED, 3), run(units.get("failsOnItsSecondValue"), JupiterCases.RUNS::get));
        assertEquals(new Run(Outcome.PASSED, 1), run(units.get("stopsOnAnAssumption"), JupiterCases.RUNS::get));
        assertEquals(new Run(Outcome.SKIPPED, 0), run(units.get("isDisabled"), JupiterCases.RUNS::get));
        assertEquals(new Run(Outcome.PASSED, 1), run(units.get("passesInside"), JupiterCases.RUNS::get));
    }

    @Test
    void aPropertyIsAUnitThatFailsWhenAnyTryFails() {
        Map<String, TestUnit> units = find(JqwikCases.class);

        assertEquals(new Run(Outcome.PASSED, 10), run(units.get("holds"), JqwikCases.RUNS::get));
        assertEquals(Outcome.FAILED, run(units.get("failsForNegatives"), JqwikCases.RUNS::get).outcome());
    }

    @Test
    void aTestWhoseClassSetUpFailsFailsThoughItNeverStarted() {
        assertEquals(Outcome.FAILED, run(find(FailingSetUpCases.class).get("wouldPass"), () -> 0).outcome());
    }

    @Test
    void aNestedClassIsFoundWithTheClassThatEnclosesItNotAgainOnItsOwn() {
        assertEquals(Map.of(), find(JupiterCases.Inner.class));
    }

    @Test
    void testsChosenByTagOrMethodAreLeftToTheJUnit5PluginWhichRanksAfterThisOne() {
        assertInstanceOf(NullConfiguration.class, plugin(new TestGroupConfig(List.of(), List.of("fast")), List.of()));
        assertInstanceOf(NullConfiguration.class, plugin(new TestGroupConfig(List.of("slow"), List.of()), List.of()));
        assertInstanceOf(NullConfiguration.class, plugin(TestGroupConfig.emptyConfig(), List.of("passes")));
        assertTrue(plugin(new TestGroupConfig(List.of(""), List.of("")), List.of("")).priority()
                < Configuration.DEFAULT_PRIORITY);
    }

    @Test
    void pitFindsThePluginOnItsTestJvmsClassPath() {
        assertTrue(ServiceLoader.load(TestPluginFactory.class).stream()
                .anyMatch(provider -> provider.type() == DiscoveryTestPlugin.class));
    }

    private static Configuration plugin(TestGroupConfig groups, Collection<String> methods) {
        return new DiscoveryTestPlugin().createTestFrameworkConfiguration(groups, null, List.of(), methods);
    }

    /** The units found, by the name of the method each one is. */
    private Map<String, TestUnit> find(Class<?> testClass) {
        Map<String, TestUnit> units = new TreeMap<>();
        for (TestUnit unit : plugin.testUnitFinder().findTestUnits(testClass, new RunsNothing())) {
            Matcher method = LAST_SEGMENT.matcher(unit.getDescription().getName());
            assertTrue(method.find(), unit.getDescription().getName());
            units.put(method.group(1), unit);
        }
        return units;
    }

    private static Run run(TestUnit unit, IntSupplier runs) {
        int before = runs.getAsInt();
        Recorded recorded = new Recorded(unit.getDescription());
        unit.execute(recorded);
        return new Run(recorded.outcome, runs.getAsInt() - before);
    }

    private enum Outcome { NOT_REPORTED, STARTED, PASSED, FAILED, SKIPPED }

    private record Run(Outcome outcome, int testMethodCalls) {
    }

    /** PIT's side of a run: the unit's start, then its end with or without an error, or its skip. */
    private static final class Recorded implements ResultCollector {
        private final Description unit;
        private Outcome outcome = Outcome.NOT_REPORTED;

        Recorded(Description unit) {
            this.unit = unit;
        }

        private void advance(Description description, Outcome from, Outcome to) {
            assertEquals(unit, description);
            assertEquals(from, outcome, "reported " + to + " after " + outcome);
            outcome = to;
        }

        @Override
        public void notifyStart(Description description) {
            advance(description, Outcome.NOT_REPORTED, Outcome.STARTED);
        }

        @Override
        public void notifyEnd(Description description) {
            advance(description, Outcome.STARTED, Outcome.PASSED);
        }

        @Override
        public void notifyEnd(Description description, Throwable failure) {
            advance(description, Outcome.STARTED, Outcome.FAILED);
        }

        @Override
        public void notifySkipped(Description description) {
            advance(description, Outcome.NOT_REPORTED, Outcome.SKIPPED);
        }

        @Override
        public boolean shouldExit() {
            return false;
        }
    }

    /** Finding tests must not run any: PIT hears of no test starting. */
    private static final class RunsNothing implements TestUnitExecutionListener {
        @Override
        public void executionStarted(Description description, boolean suppressParallelWarning) {
            throw new AssertionError("ran " + description + " while finding tests");
        }

        @Override
        public void executionFinished(Description description, boolean passed, Throwable error) {
            throw new AssertionError("ran " + description + " while finding tests");
        }
    }
}
