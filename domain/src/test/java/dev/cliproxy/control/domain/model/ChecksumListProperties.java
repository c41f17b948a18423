package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** {@code checksums.txt} as {@code sha256sum} writes it, and the digests a release feed publishes. */
class ChecksumListProperties {

    @Property
    void everySha256sumLineGivesItsArchivesHashInLowerCase(@ForAll @Size(max = 8) List<@Size(32) byte[]> hashes,
                                                          @ForAll boolean binaryMode, @ForAll boolean upperCase) {
        List<String> lines = new ArrayList<>();
        lines.add("# not a checksum line");
        for (int i = 0; i < hashes.size(); i++) {
            String hex = HexFormat.of().formatHex(hashes.get(i));
            lines.add((upperCase ? hex.toUpperCase(Locale.ROOT) : hex) + (binaryMode ? " *" : "  ")
                    + "CLIProxyAPI_7.2." + i + "_linux_amd64.tar.gz");
        }
        lines.add("");

        ChecksumList list = ChecksumList.parse(String.join(hashes.size() % 2 == 0 ? "\r\n" : "\n", lines));

        assertEquals(hashes.size(), list.sha256ByName().size());
        for (int i = 0; i < hashes.size(); i++) {
            assertEquals(Optional.of(ReleaseAsset.hex(hashes.get(i))),
                    list.forName("CLIProxyAPI_7.2." + i + "_linux_amd64.tar.gz"));
        }
        assertEquals(Optional.empty(), list.forName("checksums.txt"));
    }

    @Example
    void linesOfAnyOtherFormAreIgnoredAndTheFirstLineOfANameCounts() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        ChecksumList list = ChecksumList.parse(String.join("\n", a + "  x.zip", b + "  x.zip", "a".repeat(63) + "  short.zip",
                "g".repeat(64) + "  nothex.zip", a + "nospace.zip", a + "  "));
        assertEquals(Map.of("x.zip", a), list.sha256ByName());
    }

    @Property
    void aSha256DigestGivesItsHexAndNothingElseDoes(@ForAll @Size(32) byte[] hash, @ForAll("prefixes") String prefix) {
        String hex = ReleaseAsset.hex(hash);
        boolean sha256 = prefix.equalsIgnoreCase("sha256:");

        assertEquals(sha256 ? Optional.of(hex) : Optional.empty(),
                ReleaseAsset.sha256OfDigest(prefix + hex.toUpperCase(Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("sha256:", "SHA256:", "sha512:", "sha256", "", "md5:");
    }

    @Example
    void malformedDigestsAreNone() {
        assertEquals(Optional.empty(), ReleaseAsset.sha256OfDigest(null));
        assertEquals(Optional.empty(), ReleaseAsset.sha256OfDigest("sha256:" + "a".repeat(63)));
        assertEquals(Optional.empty(), ReleaseAsset.sha256OfDigest("sha256:" + "z".repeat(64)));
        assertEquals(Optional.of("a".repeat(64)), ReleaseAsset.sha256OfDigest("sha256: " + "A".repeat(64) + " "));
    }

    @Example
    void anAssetsHashIsLowerCaseHexOrRefused() {
        ReleaseAsset asset = new ReleaseAsset("x.zip", 1, "https://h.test/x.zip", Optional.of("AB".repeat(32)));
        assertEquals(Optional.of("ab".repeat(32)), asset.sha256());
        assertEquals(Optional.empty(), new ReleaseAsset("x.zip", 1, "https://h.test/x.zip", Optional.empty()).sha256());
        assertThrows(IllegalArgumentException.class,
                () -> new ReleaseAsset("x.zip", 1, "https://h.test/x.zip", Optional.of("ab")));
    }
}
