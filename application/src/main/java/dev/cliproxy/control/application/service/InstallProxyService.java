package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetProxyStatusUseCase;
import dev.cliproxy.control.application.usecase.InstallProxyUseCase;
import dev.cliproxy.control.application.usecase.RestartProxyUseCase;
import dev.cliproxy.control.application.usecase.RollbackProxyUseCase;
import dev.cliproxy.control.application.usecase.WatchInstallUseCase;
import dev.cliproxy.control.application.usecase.WatchProxyStatusUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ChecksumList;
import dev.cliproxy.control.domain.model.ClientKeys;
import dev.cliproxy.control.domain.model.InstallEvent;
import dev.cliproxy.control.domain.model.InstallKind;
import dev.cliproxy.control.domain.model.InstallOperation;
import dev.cliproxy.control.domain.model.InstallOutcome;
import dev.cliproxy.control.domain.model.InstallStep;
import dev.cliproxy.control.domain.model.Platform;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.ProxyVersion;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.domain.model.RestartOutcome;
import dev.cliproxy.control.domain.model.StartOutcome;
import dev.cliproxy.control.domain.model.TrialSetup;
import dev.cliproxy.control.domain.port.ProxyInstallationPort;
import dev.cliproxy.control.domain.port.ProxyProcessPort;
import dev.cliproxy.control.domain.port.ProxySettingsPort;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Installs, upgrades and rolls back the backend's proxy binary. The binary the proxy runs is replaced only once the
 * new one has been downloaded, checked against its published SHA-256, unpacked, and seen answering (health, then
 * {@code /v1/models}) on a spare port with a private copy of the config; until that instant every file the running
 * or next proxy uses is untouched, and the replacement itself is one atomic move. A promoted version that does not
 * come up when the proxy is restarted is replaced by the one before, automatically.
 */
public final class InstallProxyService implements InstallProxyUseCase, RollbackProxyUseCase, WatchInstallUseCase {

    /** Versions kept under {@code versions/}, the current one included. */
    static final int KEEP_VERSIONS = 3;
    /** A checksums list names a few dozen archives. */
    static final long MAX_CHECKSUMS_BYTES = 1024 * 1024;
    private static final long PROGRESS_STEP_BYTES = 1024 * 1024;

    private final ProxyLifecycle lifecycle;
    private final InstallPorts ports;
    private final GetProxyStatusUseCase status;
    private final RestartProxyUseCase restart;
    private final Clock clock;
    private final Options options;
    private final ReentrantLock busy = new ReentrantLock();
    private final AtomicReference<InstallOperation> current = new AtomicReference<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param platform      the platform whose archives are installed; empty when no release is built for this one
     * @param repository    a repository whose releases replace the backend's own
     * @param binaryNamed   whether the proxy executable was named explicitly ({@code --proxy-binary}): then the
     *                      binary the proxy runs is not the one an install manages, and installs are refused
     * @param maxDownload   the largest archive accepted, in bytes
     */
    public record Options(Optional<Platform> platform, Optional<String> repository, boolean binaryNamed,
                          long maxDownload) {
        public Options {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(repository, "repository");
            if (maxDownload <= 0) {
                throw new IllegalArgumentException("maxDownload must be positive");
            }
        }
    }

    /**
     * @param lifecycle the start/stop kernel: the proxy's settings and process ports, and the timings a trial on a
     *                  spare port keeps too
     * @param restart   the restart (on the same kernel) of a proxy that ran when a version was promoted
     */
    public InstallProxyService(ProxyLifecycle lifecycle, InstallPorts ports, GetProxyStatusUseCase status,
                               RestartProxyUseCase restart, Clock clock, Options options) {
        this.lifecycle = lifecycle;
        this.ports = ports;
        this.status = status;
        this.restart = restart;
        this.clock = clock;
        this.options = options;
    }

    /**
     * A version with known bugs is refused unless forced: when named, before anything begins (a
     * {@link ConflictException}); when it is the pinned or latest one, the operation fails saying so.
     */
    @Override
    public InstallOutcome install(InstallCommand command) {
        command.version().filter(version -> !command.force()).flatMap(InstallProxyService::knownBugs)
                .ifPresent(bugs -> {
                    throw new ConflictException(ErrorCode.FAULTY_VERSION, bugs);
                });
        return exclusively(InstallKind.INSTALL, () -> installLocked(command));
    }

    @Override
    public InstallOutcome rollback() {
        Backend backend = lifecycle.ports().settings().backend();
        if (ports.installation().previousVersion(backend).isEmpty()) {
            throw new ConflictException(ErrorCode.NO_PREVIOUS_VERSION,
                    "no earlier version of " + backend.label() + " is kept under bin/" + backend.folder()
                            + "/versions/ (an install keeps the version it replaces)");
        }
        return exclusively(InstallKind.ROLLBACK, () -> rollbackLocked(backend));
    }

    @Override
    public Optional<InstallOperation> current() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public WatchProxyStatusUseCase.Subscription watch(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private InstallOutcome exclusively(InstallKind kind, Supplier<InstallOutcome> body) {
        if (options.binaryNamed()) {
            throw new ConflictException(ErrorCode.BINARY_NAMED, "the proxy executable was named explicitly"
                    + " (--proxy-binary); install and rollback manage only cliproxy/bin/<backend>/");
        }
        if (!busy.tryLock()) {
            throw new ConflictException(ErrorCode.INSTALL_IN_PROGRESS, "another install or rollback is running; see GET"
                    + " /api/cliproxy/install");
        }
        try {
            Optional<ProxyInstallationPort.Reservation> reserved = ports.installation().reserve();
            if (reserved.isEmpty()) {
                throw new ConflictException(ErrorCode.INSTALL_IN_PROGRESS, "another control server on this CCS"
                        + " directory is installing or rolling back (it holds cliproxy/.install.lock); try again"
                        + " when it is done");
            }
            try (ProxyInstallationPort.Reservation held = reserved.get()) {
                return run(kind, body);
            }
        } finally {
            busy.unlock();
        }
    }

    /** The operation itself, reserved against every other; what it leaves in staging is removed after. */
    private InstallOutcome run(InstallKind kind, Supplier<InstallOutcome> body) {
        current.set(InstallOperation.begun(kind, clock.instant()));
        InstallOutcome outcome;
        try {
            outcome = body.get();
        } catch (ControlException e) {
            outcome = failed(kind, e.detail().map(d -> e.error() + ": " + d).orElse(e.error()), false);
        }
        tidy();
        current.set(current.get().finished(outcome, clock.instant()));
        return outcome;
    }

    private InstallOutcome installLocked(InstallCommand command) {
        Backend backend = lifecycle.ports().settings().backend();
        String repository = options.repository().orElse(backend.releaseRepository());
        String version = command.version()
                .or(() -> ports.installed().pinnedVersion(backend).map(ProxyVersion::displayText)
                        .filter(text -> ProxyVersion.parse(text).isPresent()))
                .orElseGet(() -> ports.feed().latest(repository).version());
        current.set(current.get().withVersion(version));
        InstallKind kind = InstallKind.INSTALL;
        Optional<String> bugs = command.force() ? Optional.empty() : knownBugs(version);
        if (bugs.isPresent()) {
            return failed(kind, bugs.get(), false);
        }
        if (options.platform().isEmpty()) {
            return failed(kind, backend.label() + " publishes no build for this operating system and processor", false);
        }
        Platform platform = options.platform().get();
        List<ReleaseAsset> assets = ports.feed().assets(repository, version);
        Optional<ReleaseAsset> archive = platform.assetNames(backend, version).stream()
                .flatMap(name -> assets.stream().filter(asset -> asset.name().equals(name)))
                .findFirst();
        if (archive.isEmpty()) {
            return failed(kind, "release " + version + " of " + repository + " has no archive for "
                    + platform.os() + "/" + platform.arch() + " (looked for "
                    + String.join(" or ", platform.assetNames(backend, version)) + ")", false);
        }
        Optional<String> expected = archive.get().sha256().or(() -> checksumFromList(assets, archive.get().name()));
        if (expected.isEmpty()) {
            return failed(kind, "release " + version + " publishes no SHA-256 for " + archive.get().name()
                    + " (neither a digest nor checksums.txt): not installed", false);
        }
        Path staging = ports.installation().newStagingDirectory(backend);
        Path downloaded = staging.resolve(archive.get().name());
        Progress progress = new Progress(version);
        String actual = ports.downloads().download(archive.get().downloadUrl(), downloaded, options.maxDownload(),
                progress::received);
        progress.last();
        if (!actual.equals(expected.get())) {
            return failed(kind, archive.get().name() + " does not match its published SHA-256 (expected "
                    + expected.get() + ", got " + actual + "): not installed", false);
        }
        emit(InstallStep.VERIFIED, kind, Optional.of(version), Optional.empty());
        Path unpacked = ports.archives().extractBinary(downloaded, staging.resolve("unpacked"),
                platform.binaryName(backend));
        Path staged = ports.installation().stage(backend, version, staging, unpacked);
        Optional<String> trialFailure = trial(staged, backend);
        if (trialFailure.isPresent()) {
            return failed(kind, backend.label() + " " + version + " did not come up on a spare port, so it was not"
                    + " installed: " + trialFailure.get(), false);
        }
        emit(InstallStep.STAGED, kind, Optional.of(version), Optional.empty());
        return promote(kind, backend, version);
    }

    private InstallOutcome rollbackLocked(Backend backend) {
        String version = ports.installation().previousVersion(backend).orElseThrow();
        current.set(current.get().withVersion(version));
        return promote(InstallKind.ROLLBACK, backend, version);
    }

    /**
     * Makes {@code version} the binary, restarts the proxy if it ran, and puts the version before back when the
     * restarted proxy does not come up.
     */
    private InstallOutcome promote(InstallKind kind, Backend backend, String version) {
        boolean running = status.status() instanceof ProxyStatus.Running;
        Optional<String> replacedVersion = ports.installation().promote(backend, version);
        Optional<String> replaced = ports.installation().previousVersion(backend);
        emit(InstallStep.PROMOTED, kind, Optional.of(version), Optional.empty());
        if (!running) {
            return new InstallOutcome.Installed(version, replacedVersion, false);
        }
        Optional<String> notStarted = restartFailure();
        if (notStarted.isEmpty()) {
            return new InstallOutcome.Installed(version, replacedVersion, true);
        }
        if (replaced.isEmpty()) {
            return failed(kind, backend.label() + " " + version + " did not come up after the restart ("
                    + notStarted.get() + ") and no earlier version is kept to put back", false);
        }
        ports.installation().promote(backend, replaced.get());
        Optional<String> backAgain = restartFailure();
        String reason = backend.label() + " " + version + " did not come up after the restart ("
                + notStarted.get() + "); " + replacedVersion.orElse("the version before") + " was put back"
                + backAgain.map(r -> " but did not come up either (" + r + ")").orElse(" and restarted");
        emit(InstallStep.ROLLED_BACK, kind, replacedVersion, Optional.of(reason));
        return failed(kind, reason, true);
    }

    /** Why {@code version} is not installed unless forced; empty for a version without known bugs. */
    private static Optional<String> knownBugs(String version) {
        return ProxyVersion.parse(version).filter(ProxyVersion::isKnownFaulty)
                .map(faulty -> "version " + version + " has known bugs (" + release(ProxyVersion.FAULTY_FIRST)
                        + " to " + release(ProxyVersion.FAULTY_LAST) + " give intermittent 500 errors); send"
                        + " {\"force\":true} to install it anyway");
    }

    private static String release(ProxyVersion version) {
        return version.major() + "." + version.minor() + "." + version.patch();
    }

    /** Removes what the operation left in staging and all but the last versions; a failure here changes no answer. */
    private void tidy() {
        try {
            ports.installation().prune(lifecycle.ports().settings().backend(), KEEP_VERSIONS);
        } catch (ControlException e) {
            // The next install removes them.
        }
    }

    /** Empty when the restart started the proxy, else why not. */
    private Optional<String> restartFailure() {
        RestartOutcome outcome = restart.restart();
        return switch (outcome.started()) {
            case StartOutcome.Started started -> Optional.empty();
            case StartOutcome.AlreadyRunning already -> Optional.of("another proxy kept running on port "
                    + already.port());
            case StartOutcome.StartFailed failed -> Optional.of(failed.reason().strip());
        };
    }

    /** Runs the staged binary on a spare port with a private config; empty when it answered as the proxy does. */
    private Optional<String> trial(Path binary, Backend backend) {
        int port = ports.trials().sparePort();
        TrialSetup setup = ports.trialConfigs().prepare(lifecycle.port(), port);
        try {
            return switch (ports.trials().launch(binary, backend, setup)) {
                case ProxyProcessPort.Launch.NotLaunched not ->
                        Optional.of(not.reason());
                case ProxyProcessPort.Launch.Launched launched -> {
                    try {
                        yield new TrialReadiness(lifecycle.ports(), lifecycle.timings(), secrets())
                                .await(launched.proxy(), setup);
                    } finally {
                        lifecycle.ports().processes().terminate(launched.proxy().process(),
                                lifecycle.timings().stopGrace());
                    }
                }
            };
        } finally {
            ports.trialConfigs().discard(setup);
        }
    }

    /** The keys a trial's copied config may hold: the current port's, and the {@code ccs} clients' own. */
    private List<String> secrets() {
        int port = lifecycle.port();
        ProxySettingsPort settings = lifecycle.ports().settings();
        List<String> secrets = new ArrayList<>(settings.apiKeys(port));
        settings.managementSecret(port).ifPresent(secrets::add);
        secrets.add(settings.clientKeys().apiKey());
        secrets.add(settings.clientKeys().managementSecret());
        secrets.removeAll(List.of(ClientKeys.DEFAULTS.apiKey(), ClientKeys.DEFAULTS.managementSecret(), ""));
        return secrets;
    }

    /** The archive's line of the release's {@code checksums.txt} ({@code <hex>  <name>}, as sha256sum writes). */
    private Optional<String> checksumFromList(List<ReleaseAsset> assets, String archiveName) {
        return assets.stream().filter(asset -> asset.name().equals("checksums.txt")).findFirst()
                .flatMap(list -> ChecksumList.parse(ports.downloads().text(list.downloadUrl(), MAX_CHECKSUMS_BYTES))
                        .forName(archiveName));
    }

    private InstallOutcome failed(InstallKind kind, String reason, boolean rolledBack) {
        emit(InstallStep.FAILED, kind, current().flatMap(InstallOperation::version), Optional.of(reason));
        return new InstallOutcome.Failed(reason, rolledBack);
    }

    private void emit(InstallStep step, InstallKind kind, Optional<String> version, Optional<String> reason) {
        publish(new InstallEvent(step, kind, version, OptionalLong.empty(), OptionalLong.empty(), reason,
                clock.instant()));
    }

    private void publish(InstallEvent event) {
        current.updateAndGet(operation -> operation == null ? null : operation.withStep(event));
        for (Listener listener : listeners) {
            try {
                listener.step(event);
            } catch (RuntimeException e) {
                listeners.remove(listener);
            }
        }
    }

    /** Download progress, told every mebibyte (and at the end), not for every buffer. */
    private final class Progress {
        private final String version;
        private long reported = -1;
        private long bytes;
        private long total = -1;

        Progress(String version) {
            this.version = version;
        }

        void received(long now, long announced) {
            bytes = now;
            total = announced;
            if (reported < 0 || now - reported >= PROGRESS_STEP_BYTES) {
                tell();
            }
        }

        void last() {
            if (reported != bytes) {
                tell();
            }
        }

        private void tell() {
            reported = bytes;
            publish(new InstallEvent(InstallStep.DOWNLOAD, InstallKind.INSTALL, Optional.of(version),
                    OptionalLong.of(bytes), total < 0 ? OptionalLong.empty() : OptionalLong.of(total),
                    Optional.empty(), clock.instant()));
        }
    }
}
