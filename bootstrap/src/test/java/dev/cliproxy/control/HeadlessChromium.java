package dev.cliproxy.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system's Chromium (Debian's {@code chromium}) driven through the system's {@code chromedriver}
 * ({@code chromium-driver}): never a driver or browser downloaded at run time. Headless, with a fresh profile in a
 * temp folder, and without the background connections that a closed network refuses (they stall its start).
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final ChromeDriverService service;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /**
     * Skips a test class where the browser or its driver is missing, saying so on the console and in the report;
     * {@code .ci/run} installs both, so CI always runs them.
     */
    static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> missing = missing();
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
            }
            System.err.println(context.getDisplayName() + ": " + missing.get());
            return ConditionEvaluationResult.disabled(missing.get());
        }
    }

    /** Why the browser tests cannot run here, or empty when both programs are installed. */
    static Optional<String> missing() {
        List<Path> absent = List.of(CHROMIUM, CHROMEDRIVER).stream().filter(p -> !Files.isExecutable(p)).toList();
        return absent.isEmpty() ? Optional.empty() : Optional.of("browser tests skipped: " + absent
                + " not installed (Debian: apt-get install -y chromium chromium-driver; .ci/run does it)");
    }

    /** Starts it with a window of {@code width} x {@code height}, its profile and the driver's log in {@code dir}. */
    static HeadlessChromium start(Path dir, int width, int height) throws IOException {
        // Selenium Manager is never asked: the driver is named, and so is the browser.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")),
                "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                .withTimeout(Duration.ofSeconds(120))
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
            return new HeadlessChromium(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    /** The browser's console since the last call: errors, warnings and CSP reports among them. */
    List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Saves what the window shows as a PNG. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Emulates the system's colour preference ({@code light} or {@code dark}) through the DevTools protocol. */
    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Lets the page's downloads through, into {@code dir} (headless Chromium refuses them otherwise). */
    void downloadsTo(Path dir) {
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", dir.toAbsolutePath().toString()));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
