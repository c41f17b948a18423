package dev.cliproxy.control.domain.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An operating system and processor as the proxy's release archives name them ({@code linux}, {@code darwin},
 * {@code windows}, {@code freebsd}; {@code amd64}, {@code aarch64}), and the archive names to look for
 * ({@code reference/cliproxyapi.md} §6).
 */
public record Platform(String os, String arch) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(arch, "arch");
    }

    /** The platform of the JVM's {@code os.name} and {@code os.arch}; empty for one no release is built for. */
    public static Optional<Platform> of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux") ? "linux" : name.startsWith("mac") || name.startsWith("darwin")
                ? "darwin" : name.startsWith("windows") ? "windows" : name.startsWith("freebsd") ? "freebsd" : null;
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        return os == null || arch == null ? Optional.empty() : Optional.of(new Platform(os, arch));
    }

    /** Windows archives are published as zip files, all others as gzip'd tar files. */
    public String archiveExtension() {
        return os.equals("windows") ? "zip" : "tar.gz";
    }

    /** The other kind of archive, which unpacks to the same binary. */
    private String otherExtension() {
        return os.equals("windows") ? "tar.gz" : "zip";
    }

    /** The executable's name inside the archive: the backend's binary, with {@code .exe} on Windows. */
    public String binaryName(Backend backend) {
        return backend.binaryName() + (os.equals("windows") ? ".exe" : "");
    }

    /**
     * The archive names of this platform for a release, best first: the kind published for this system
     * ({@link #archiveExtension()}), then the other kind, so that a release offering only the other one for this
     * platform still installs; arm64 has been written {@code aarch64} since v6.9.48 and {@code arm64} before, so
     * both are looked for; never a {@code _no-plugin} variant.
     */
    public List<String> assetNames(Backend backend, String version) {
        String prefix = backend == Backend.PLUS ? "CLIProxyAPIPlus" : "CLIProxyAPI";
        List<String> arches = arch.equals("aarch64") ? List.of("aarch64", "arm64") : List.of(arch);
        return Stream.of(archiveExtension(), otherExtension())
                .flatMap(extension -> arches.stream()
                        .map(a -> prefix + "_" + version + "_" + os + "_" + a + "." + extension))
                .toList();
    }
}
