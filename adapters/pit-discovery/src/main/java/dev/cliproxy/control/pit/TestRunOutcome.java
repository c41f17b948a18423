package dev.cliproxy.control.pit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.pitest.testapi.Description;
import org.pitest.testapi.ResultCollector;

/**
 * What one unit's run came to, for PIT: failed when anything in it failed (one invocation of a parameterized test, or
 * its class's set-up, which the JUnit Platform reports on the class, not on the test); passed when something ran and
 * nothing failed (an assumption that did not hold counts as passed, as in PIT's JUnit 5 plugin); else skipped.
 */
final class TestRunOutcome implements TestExecutionListener {

    private Throwable failure;
    private boolean ran;

    @Override
    public void executionStarted(TestIdentifier node) {
        ran |= node.isTest();
    }

    @Override
    public void executionFinished(TestIdentifier node, TestExecutionResult result) {
        if (failure == null && result.getStatus() == TestExecutionResult.Status.FAILED) {
            failure = result.getThrowable().orElseGet(() -> new AssertionError(node.getDisplayName() + " failed"));
        }
    }

    void reportTo(Description unit, ResultCollector results) {
        if (failure != null) {
            results.notifyStart(unit);
            results.notifyEnd(unit, failure);
        } else if (ran) {
            results.notifyStart(unit);
            results.notifyEnd(unit);
        } else {
            results.notifySkipped(unit);
        }
    }
}
