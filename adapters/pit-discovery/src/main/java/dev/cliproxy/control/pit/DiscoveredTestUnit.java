package dev.cliproxy.control.pit;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.pitest.testapi.AbstractTestUnit;
import org.pitest.testapi.Description;
import org.pitest.testapi.ResultCollector;

/** One discovered test (or test template), run on its own by its unique id whenever PIT runs it. */
final class DiscoveredTestUnit extends AbstractTestUnit {

    private final Launcher launcher;
    private final String uniqueId;

    DiscoveredTestUnit(Launcher launcher, Class<?> testClass, String uniqueId) {
        super(new Description(uniqueId, testClass));
        this.launcher = launcher;
        this.uniqueId = uniqueId;
    }

    @Override
    public void execute(ResultCollector results) {
        TestRunOutcome outcome = new TestRunOutcome();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectUniqueId(uniqueId))
                .build(), outcome);
        outcome.reportTo(getDescription(), results);
    }
}
