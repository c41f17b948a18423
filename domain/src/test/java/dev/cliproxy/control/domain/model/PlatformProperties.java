package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The platforms releases are built for and their archive names (reference/cliproxyapi.md §6). */
class PlatformProperties {

    @Property
    void theJvmsNamesMapToTheReleasesNames(@ForAll("osNames") String osName, @ForAll("archNames") String osArch) {
        String os = osName.toLowerCase().startsWith("linux") ? "linux"
                : osName.toLowerCase().startsWith("windows") ? "windows"
                : osName.toLowerCase().startsWith("freebsd") ? "freebsd" : "darwin";
        String arch = List.of("amd64", "x86_64").contains(osArch.toLowerCase()) ? "amd64" : "aarch64";

        assertEquals(Optional.of(new Platform(os, arch)), Platform.of(osName, osArch));
    }

    @Provide
    Arbitrary<String> osNames() {
        return Arbitraries.of("Linux", "linux", "Mac OS X", "macOS", "Darwin", "Windows 11", "Windows Server 2022",
                "FreeBSD", "freebsd14");
    }

    @Provide
    Arbitrary<String> archNames() {
        return Arbitraries.of("amd64", "x86_64", "AMD64", "aarch64", "arm64");
    }

    @Example
    void noReleaseIsBuiltForOtherSystemsOrProcessors() {
        assertEquals(Optional.empty(), Platform.of("SunOS", "amd64"));
        assertEquals(Optional.empty(), Platform.of("AIX", "aarch64"));
        assertEquals(Optional.empty(), Platform.of("Linux", "x86"));
        assertEquals(Optional.empty(), Platform.of("Linux", "riscv64"));
        assertEquals(Optional.empty(), Platform.of("Windows 11", "arm"));
    }

    @Property
    void windowsHasZipArchivesAndAnExeAllOthersTarGz(@ForAll("oses") String os, @ForAll("arches") String arch,
                                                    @ForAll Backend backend) {
        Platform platform = new Platform(os, arch);
        boolean windows = os.equals("windows");

        assertEquals(windows ? "zip" : "tar.gz", platform.archiveExtension());
        assertEquals(backend.binaryName() + (windows ? ".exe" : ""), platform.binaryName(backend));
    }

    /** Changed with issue 13's zip install: the other kind of archive is now looked for after the published one. */
    @Property
    void theArchiveNamesAreThoseOfSection6WithArm64UnderBothSpellingsThenTheOtherKind(
            @ForAll("oses") String os, @ForAll("arches") String arch, @ForAll Backend backend) {
        String version = backend == Backend.PLUS ? "6.6.9-0" : "7.2.140";
        Platform platform = new Platform(os, arch);
        String prefix = (backend == Backend.PLUS ? "CLIProxyAPIPlus_" : "CLIProxyAPI_") + version + "_" + os + "_";
        String ext = "." + platform.archiveExtension();
        String other = ext.equals(".zip") ? ".tar.gz" : ".zip";
        List<String> expected = arch.equals("aarch64")
                ? List.of(prefix + "aarch64" + ext, prefix + "arm64" + ext, prefix + "aarch64" + other,
                        prefix + "arm64" + other)
                : List.of(prefix + arch + ext, prefix + arch + other);

        assertEquals(expected, platform.assetNames(backend, version));
    }

    @Example
    void namesAsPublishedFirst() {
        assertEquals(List.of("CLIProxyAPI_7.2.140_windows_amd64.zip", "CLIProxyAPI_7.2.140_windows_amd64.tar.gz"),
                new Platform("windows", "amd64").assetNames(Backend.ORIGINAL, "7.2.140"));
        assertEquals(List.of("CLIProxyAPIPlus_6.8.49-0_darwin_aarch64.tar.gz",
                        "CLIProxyAPIPlus_6.8.49-0_darwin_arm64.tar.gz", "CLIProxyAPIPlus_6.8.49-0_darwin_aarch64.zip",
                        "CLIProxyAPIPlus_6.8.49-0_darwin_arm64.zip"),
                new Platform("darwin", "aarch64").assetNames(Backend.PLUS, "6.8.49-0"));
        assertEquals("CLIProxyAPI_6.9.1_linux_amd64.zip",
                new Platform("linux", "amd64").assetNames(Backend.ORIGINAL, "6.9.1").getLast());
    }

    @Provide
    Arbitrary<String> oses() {
        return Arbitraries.of("linux", "darwin", "windows", "freebsd");
    }

    @Provide
    Arbitrary<String> arches() {
        return Arbitraries.of("amd64", "aarch64");
    }
}
