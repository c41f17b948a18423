package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.ServiceUnavailableException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.ProxyVersion;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.domain.model.TrialSetup;
import dev.cliproxy.control.domain.port.ArchiveExtractorPort;
import dev.cliproxy.control.domain.port.AssetDownloadPort;
import dev.cliproxy.control.domain.port.ProxyInstallationPort;
import dev.cliproxy.control.domain.port.TrialConfigPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Downloads, archives, the {@code bin/<backend>/} folder and trial configs, all in memory, over one map of paths
 * to contents (no file is ever written). A test {@link #serve}s URLs; an archive "holds" the binary whose content is
 * the text after {@code archive:} in the served bytes, or is {@link #hostile}; the backend's binary, its
 * {@code versions/} and {@code .version} (through the {@link InMemoryInstalledVersions} given) change as the real
 * adapters change them; services sharing one instance reserve it one at a time, as processes sharing a CCS
 * directory do. Faults: {@link #cutAfter} (a download broken off).
 */
public final class InMemoryInstallation implements AssetDownloadPort, ArchiveExtractorPort, ProxyInstallationPort,
        TrialConfigPort {

    private static final Path ROOT = Path.of("/memory/ccs/cliproxy/bin");

    private final InMemoryInstalledVersions installed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, byte[]> served = new HashMap<>();
    private final Map<String, Long> cuts = new HashMap<>();
    private final Map<Path, byte[]> files = new HashMap<>();
    private final Map<Backend, Map<String, String>> versions = new HashMap<>();
    private final Map<Backend, String> binaries = new HashMap<>();
    private final Map<Backend, String> previous = new HashMap<>();
    private final List<TrialSetup> trials = new ArrayList<>();
    private int staging;
    private boolean reserved;

    public InMemoryInstallation(InMemoryInstalledVersions installed) {
        this.installed = installed;
    }

    // --- what a test controls and sees ---

    /** {@code url} serves these bytes. */
    public void serve(String url, byte[] content) {
        locked(() -> served.put(url, content.clone()));
    }

    /** An archive whose only file is the backend's binary with this content. */
    public static byte[] archiveHolding(String binaryContent) {
        return ("archive:" + binaryContent).getBytes(StandardCharsets.UTF_8);
    }

    /** An archive with an entry that would leave the staging folder. */
    public static byte[] hostile() {
        return "hostile:../../escape".getBytes(StandardCharsets.UTF_8);
    }

    /** Downloads of {@code url} break off after {@code bytes} bytes. */
    public void cutAfter(String url, long bytes) {
        locked(() -> cuts.put(url, bytes));
    }

    /** The backend's binary is there with this content, as an earlier install left it. */
    public void installBinary(Backend backend, String content) {
        locked(() -> binaries.put(backend, content));
    }

    /** The content of the backend's binary; empty when there is none. */
    public Optional<String> binary(Backend backend) {
        return locked(() -> Optional.ofNullable(binaries.get(backend)));
    }

    /** The versions kept under {@code versions/}, oldest staged first. */
    public List<String> keptVersions(Backend backend) {
        return locked(() -> List.copyOf(versions.getOrDefault(backend, Map.of()).keySet()));
    }

    /** The trials prepared and not discarded. */
    public List<TrialSetup> openTrials() {
        return locked(() -> List.copyOf(trials));
    }

    public static String sha256(byte[] content) {
        try {
            return ReleaseAsset.hex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- AssetDownloadPort ---

    @Override
    public String download(String url, Path target, long maxBytes, Progress progress) {
        byte[] content = fetch(url, maxBytes);
        progress.received(content.length, content.length);
        locked(() -> files.put(target, content));
        return sha256(content);
    }

    @Override
    public String text(String url, long maxBytes) {
        return new String(fetch(url, maxBytes), StandardCharsets.UTF_8);
    }

    private byte[] fetch(String url, long maxBytes) {
        return locked(() -> {
            byte[] content = served.get(url);
            if (content == null) {
                throw new ServiceUnavailableException(ErrorCode.DOWNLOAD_ERROR, "the host answered HTTP 404");
            }
            Long cut = cuts.get(url);
            if (cut != null) {
                throw new ServiceUnavailableException(ErrorCode.DOWNLOAD_CUT, "the download broke off after " + cut
                        + " of " + content.length + " bytes");
            }
            if (content.length > maxBytes) {
                throw new ServiceUnavailableException(ErrorCode.DOWNLOAD_TOO_LARGE, "more than the " + maxBytes
                        + " bytes allowed");
            }
            return content;
        });
    }

    // --- ArchiveExtractorPort ---

    @Override
    public Path extractBinary(Path archive, Path into, String binaryName) {
        return locked(() -> {
            String content = new String(files.getOrDefault(archive, new byte[0]), StandardCharsets.UTF_8);
            if (!content.startsWith("archive:")) {
                throw new InvalidInputException(ErrorCode.INVALID_ARCHIVE, "the entry '../../escape' would be written"
                        + " outside the staging folder");
            }
            Path binary = into.resolve(binaryName);
            files.put(binary, content.substring("archive:".length()).getBytes(StandardCharsets.UTF_8));
            return binary;
        });
    }

    /** Whether an install or rollback (of any service sharing this installation) holds it now. */
    public boolean isReserved() {
        return locked(() -> reserved);
    }

    // --- ProxyInstallationPort ---

    /** One holder at a time, as the file lock of the real adapter; a second close releases nothing. */
    @Override
    public Optional<Reservation> reserve() {
        return locked(() -> {
            if (reserved) {
                return Optional.<Reservation>empty();
            }
            reserved = true;
            AtomicBoolean open = new AtomicBoolean(true);
            return Optional.<Reservation>of(() -> {
                if (open.getAndSet(false)) {
                    locked(() -> {
                        reserved = false;
                    });
                }
            });
        });
    }

    @Override
    public Path newStagingDirectory(Backend backend) {
        return locked(() -> ROOT.resolve(backend.folder()).resolve("versions").resolve(".staging-" + staging++));
    }

    @Override
    public Path stage(Backend backend, String version, Path staging, Path binary) {
        return locked(() -> {
            byte[] content = files.get(binary);
            versions.computeIfAbsent(backend, b -> new LinkedHashMap<>()).remove(version);
            versions.get(backend).put(version, new String(content, StandardCharsets.UTF_8));
            files.keySet().removeIf(path -> path.startsWith(staging));
            return ROOT.resolve(backend.folder()).resolve("versions").resolve(version).resolve(backend.binaryName());
        });
    }

    @Override
    public Optional<String> promote(Backend backend, String version) {
        return locked(() -> {
            Map<String, String> kept = versions.computeIfAbsent(backend, b -> new LinkedHashMap<>());
            String content = kept.get(version);
            if (content == null) {
                throw new IllegalStateException("version " + version + " is not staged");
            }
            Optional<String> before = installed.recordedVersion(backend)
                    .filter(text -> ProxyVersion.parse(text).isPresent());
            String label = before.orElse("unrecorded");
            boolean replaced = binaries.containsKey(backend) && !label.equals(version);
            if (replaced) {
                kept.putIfAbsent(label, binaries.get(backend));
                previous.put(backend, label);
            }
            binaries.put(backend, content);
            if (version.equals("unrecorded")) {
                installed.delete(backend);
            } else {
                installed.write(backend, version);
            }
            return replaced ? before : Optional.empty();
        });
    }

    @Override
    public Optional<String> previousVersion(Backend backend) {
        return locked(() -> Optional.ofNullable(previous.get(backend))
                .filter(label -> versions.getOrDefault(backend, Map.of()).containsKey(label)));
    }

    @Override
    public void prune(Backend backend, int keep) {
        locked(() -> {
            Map<String, String> kept = versions.getOrDefault(backend, new LinkedHashMap<>());
            List<String> protectedLabels = new ArrayList<>();
            installed.recordedVersion(backend).ifPresent(protectedLabels::add);
            Optional.ofNullable(previous.get(backend)).ifPresent(protectedLabels::add);
            List<String> others = new ArrayList<>(kept.keySet());
            others.removeAll(protectedLabels);
            int room = Math.max(0, keep - protectedLabels.size());
            for (String old : others.subList(0, Math.max(0, others.size() - room))) {
                kept.remove(old);
            }
        });
    }

    // --- TrialConfigPort ---

    @Override
    public TrialSetup prepare(int sourcePort, int trialPort) {
        return locked(() -> {
            Path directory = Path.of("/memory/trial-" + trialPort);
            TrialSetup trial = new TrialSetup(directory, directory.resolve("config.yaml"), trialPort,
                    Optional.of("trial-key"));
            trials.add(trial);
            return trial;
        });
    }

    @Override
    public void discard(TrialSetup trial) {
        locked(() -> trials.remove(trial));
    }

    private void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
