package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class ProxyVersionProperties {

    @Property
    void ordersAsTheReferenceDoes(@ForAll("versions") String a, @ForAll("versions") String b) {
        int actual = ProxyVersion.parse(a).orElseThrow().compareTo(ProxyVersion.parse(b).orElseThrow());
        int expected = Reference.compare(a, b);
        Statistics.collect(Integer.signum(expected));
        assertEquals(Integer.signum(expected), Integer.signum(actual), a + " vs " + b);
    }

    @Property
    void orderIsAntisymmetricAndConsistentWithEquals(@ForAll("versions") String a, @ForAll("versions") String b) {
        ProxyVersion x = ProxyVersion.parse(a).orElseThrow();
        ProxyVersion y = ProxyVersion.parse(b).orElseThrow();
        assertEquals(Integer.signum(x.compareTo(y)), -Integer.signum(y.compareTo(x)));
        assertEquals(x.compareTo(y) == 0, x.equals(y));
    }

    @Property
    void orderIsTransitive(@ForAll("versions") String a, @ForAll("versions") String b, @ForAll("versions") String c) {
        ProxyVersion x = ProxyVersion.parse(a).orElseThrow();
        ProxyVersion y = ProxyVersion.parse(b).orElseThrow();
        ProxyVersion z = ProxyVersion.parse(c).orElseThrow();
        if (x.compareTo(y) <= 0 && y.compareTo(z) <= 0) {
            assertTrue(x.compareTo(z) <= 0, a + " <= " + b + " <= " + c);
        }
    }

    @Property
    void acceptsExactlyTheReleaseTagGrammar(@ForAll("tagLike") String text) {
        boolean expected = text.strip().matches("v?\\d{1,18}\\.\\d{1,18}\\.\\d{1,18}(-\\d{1,18})?");
        Statistics.collect(expected ? "version" : "not a version");
        assertEquals(expected, ProxyVersion.parse(text).isPresent(), text);
    }

    @Property
    void prefixAndZeroBuildChangeNothing(@ForAll("cores") String core) {
        ProxyVersion plain = ProxyVersion.parse(core).orElseThrow();
        assertEquals(plain, ProxyVersion.parse("v" + core).orElseThrow());
        assertEquals(plain, ProxyVersion.parse(core + "-0").orElseThrow());
    }

    /** As {@code ccs}'s {@code isVersionFaulty}: the release 6.6.81 to 6.6.88 whatever its build. */
    @Property
    void theKnownFaultyReleasesAre6681To6688WhateverTheirBuild(@ForAll("nearFaulty") ProxyVersion version) {
        boolean expected = version.major() == 6 && version.minor() == 6 && version.patch() >= 81
                && version.patch() <= 88;
        Statistics.collect(expected ? "faulty" : "not faulty");
        assertEquals(expected, version.isKnownFaulty(), version.toString());
    }

    @Provide
    Arbitrary<ProxyVersion> nearFaulty() {
        Arbitrary<Long> near = Arbitraries.longs().between(5, 7);
        return Combinators.combine(near, near, Arbitraries.longs().between(79, 90), Arbitraries.longs().between(0, 3))
                .as(ProxyVersion::new);
    }

    @Example
    void comparesNumbersNotStrings() {
        assertTrue(ProxyVersion.parse("6.9.10").orElseThrow().isNewerThan(ProxyVersion.parse("6.9.9").orElseThrow()));
        assertTrue(ProxyVersion.parse("6.9.9-10").orElseThrow()
                .isNewerThan(ProxyVersion.parse("v6.9.9-2").orElseThrow()));
        assertTrue(ProxyVersion.parse("10.0.0").orElseThrow().isNewerThan(ProxyVersion.parse("9.99.999").orElseThrow()));
        assertEquals(Optional.empty(), ProxyVersion.parse("pre-cleanup-20260329"));
        assertEquals(Optional.empty(), ProxyVersion.parse("6.9.6-0-plus"));
        assertEquals(Optional.empty(), ProxyVersion.parse("dev"));
    }

    @Provide
    Arbitrary<String> cores() {
        Arbitrary<String> part = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12);
        return Combinators.combine(part, part, part).as((a, b, c) -> a + "." + b + "." + c);
    }

    /** Release versions, often close to each other (equal parts are where ordering bugs hide), with leading zeros. */
    @Provide
    Arbitrary<String> versions() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 3).map(String::valueOf),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(18));
        Arbitrary<String> build = Arbitraries.oneOf(Arbitraries.just(""), part.map(p -> "-" + p));
        Arbitrary<String> prefix = Arbitraries.of("", "v");
        return Combinators.combine(prefix, part, part, part, build)
                .as((v, a, b, c, n) -> v + a + "." + b + "." + c + n);
    }

    @Provide
    Arbitrary<String> tagLike() {
        Arbitrary<String> pieces = Arbitraries.of("v", "V", "1", "23", "0", ".", "-", "-plus", " ", "rc", "x",
                "1234567890123456789");
        return Arbitraries.oneOf(
                pieces.list().ofMaxSize(9).map(list -> String.join("", list)),
                versions(),
                Arbitraries.strings().ofMaxLength(20));
    }

    /** Written differently on purpose: split on the separators and compare as unbounded integers. */
    private static final class Reference {

        static int compare(String a, String b) {
            BigInteger[] x = parts(a);
            BigInteger[] y = parts(b);
            for (int i = 0; i < 4; i++) {
                int c = x[i].compareTo(y[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        private static BigInteger[] parts(String version) {
            String text = version.startsWith("v") ? version.substring(1) : version;
            String[] coreAndBuild = text.split("-", 2);
            String[] core = coreAndBuild[0].split("\\.");
            return new BigInteger[] {new BigInteger(core[0]), new BigInteger(core[1]), new BigInteger(core[2]),
                    coreAndBuild.length == 2 ? new BigInteger(coreAndBuild[1]) : BigInteger.ZERO};
        }
    }
}
