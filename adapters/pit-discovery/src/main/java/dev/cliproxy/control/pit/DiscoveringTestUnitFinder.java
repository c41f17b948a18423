package dev.cliproxy.control.pit;

import java.util.List;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.pitest.testapi.TestUnit;
import org.pitest.testapi.TestUnitExecutionListener;
import org.pitest.testapi.TestUnitFinder;

/**
 * A test class's tests as the JUnit Platform discovers them, none of them run: one unit per test method, property or
 * test template (a parameterized test is one unit with all its invocations), nested classes' included.
 */
final class DiscoveringTestUnitFinder implements TestUnitFinder {

    private final Launcher launcher;

    DiscoveringTestUnitFinder(Launcher launcher) {
        this.launcher = launcher;
    }

    @Override
    public List<TestUnit> findTestUnits(Class<?> testClass, TestUnitExecutionListener unused) {
        if (testClass.getEnclosingClass() != null) {
            return List.of(); // found with the class that encloses it, as the JUnit Platform finds it
        }
        TestPlan plan = launcher.discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(testClass.getName()))
                .build());
        return plan.getRoots().stream()
                .flatMap(engine -> plan.getDescendants(engine).stream())
                .filter(node -> isUnit(plan, node))
                .<TestUnit>map(node -> new DiscoveredTestUnit(launcher, testClass, node.getUniqueId()))
                .toList();
    }

    /** A test, or a method whose tests appear only when it runs (a test template or factory). */
    private static boolean isUnit(TestPlan plan, TestIdentifier node) {
        return plan.getChildren(node).isEmpty()
                && (node.isTest() || node.getSource().filter(MethodSource.class::isInstance).isPresent());
    }
}
