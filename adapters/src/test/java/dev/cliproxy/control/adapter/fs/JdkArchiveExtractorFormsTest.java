package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.testkit.Archives;
import dev.cliproxy.control.testkit.Archives.Entry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive forms the release tools write beyond plain ustar files and small zips: PAX and GNU long names and
 * links, ustar prefixes, base-256 sizes, folders, zips with comments and Zip64 directories; and the damage in each
 * that makes an archive refused rather than half unpacked.
 */
class JdkArchiveExtractorFormsTest {

    private static final String BINARY = "cli-proxy-api";

    @TempDir
    Path temp;
    private final JdkArchiveExtractorAdapter extractor = new JdkArchiveExtractorAdapter();

    // --- tar ---

    /** A tar stream written block by block, as Go's archive/tar does. */
    private static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tar header(String name, char type, byte[] size, String link, String prefix) {
            byte[] header = new byte[512];
            put(header, 0, name);
            put(header, 100, "0000755");
            System.arraycopy(size, 0, header, 124, size.length);
            header[156] = (byte) type;
            put(header, 157, link);
            put(header, 257, "ustar");
            put(header, 263, "00");
            put(header, 345, prefix);
            out.writeBytes(header);
            return this;
        }

        Tar entry(String name, char type, String content) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            header(name, type, octal(bytes.length), "", "");
            return data(bytes);
        }

        Tar data(byte[] bytes) {
            out.writeBytes(bytes);
            out.writeBytes(new byte[(512 - bytes.length % 512) % 512]);
            return this;
        }

        /** A PAX extended header ({@code x}) with these records. */
        Tar pax(String... records) {
            StringBuilder text = new StringBuilder();
            for (String record : records) {
                // "<len> key=value\n" where len counts itself; the reader only splits on the space and '='.
                text.append("30 ").append(record).append('\n');
            }
            return entry("PaxHeaders/x", 'x', text.toString());
        }

        byte[] gz() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                gzip.write(out.toByteArray());
                gzip.write(new byte[1024]);
            }
            return bytes.toByteArray();
        }

        static byte[] octal(long size) {
            return String.format("%011o", size).getBytes(StandardCharsets.US_ASCII);
        }

        static byte[] base256(long size) {
            byte[] field = new byte[12];
            for (int i = 11, shift = 0; i > 0 && shift < Long.SIZE; i--, shift += 8) {
                field[i] = (byte) (size >>> shift);
            }
            field[0] = (byte) 0x80;
            return field;
        }

        private static void put(byte[] header, int offset, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, header, offset, bytes.length);
        }
    }

    private Path unpack(String archiveName, byte[] archive) throws IOException {
        Path file = Files.write(temp.resolve(archiveName), archive);
        return extractor.extractBinary(file, temp.resolve("into-" + System.nanoTime()), BINARY);
    }

    private String refusal(String archiveName, byte[] archive) {
        return assertThrows(InvalidInputException.class, () -> unpack(archiveName, archive)).detail().orElseThrow();
    }

    @Test
    void paxAndGnuLongNamesNameTheEntryThatFollowsThem() throws IOException {
        String deep = "d".repeat(120) + "/" + BINARY;
        Path viaPax = unpack("p.tar.gz", new Tar().pax("path=" + deep).entry("ignored-short-name", '0', "pax")
                .gz());
        assertEquals("pax", Files.readString(viaPax));
        assertTrue(viaPax.endsWith(Path.of("d".repeat(120), BINARY)), viaPax.toString());

        byte[] gnu = deep.getBytes(StandardCharsets.UTF_8);
        Path viaGnu = unpack("g.tgz", new Tar().header("././@LongLink", 'L', Tar.octal(gnu.length), "", "")
                .data(gnu).entry("ignored", '0', "gnu").gz());
        assertEquals("gnu", Files.readString(viaGnu));
        assertTrue(viaGnu.endsWith(Path.of("d".repeat(120), BINARY)), viaGnu.toString());
    }

    @Test
    void aUstarPrefixIsTheFolderOfItsNameAndAPlainOldTarHasNone() throws IOException {
        Path prefixed = unpack("u.tar.gz", new Tar().header(BINARY, '0', Tar.octal(3), "", "dist/linux")
                .data("abc".getBytes(StandardCharsets.UTF_8)).gz());
        assertTrue(prefixed.endsWith(Path.of("dist", "linux", BINARY)), prefixed.toString());

        Tar old = new Tar();
        old.header(BINARY, '0', Tar.octal(3), "", "not-a-prefix");
        byte[] bytes = old.out.toByteArray();
        Arrays.fill(bytes, 257, 265, (byte) 0); // no "ustar" magic: bytes 345.. are not a prefix
        Tar plain = new Tar();
        plain.out.writeBytes(bytes);
        Path unprefixed = unpack("o.tar.gz", plain.data("abc".getBytes(StandardCharsets.UTF_8)).gz());
        assertTrue(unprefixed.getParent().getFileName().toString().startsWith("into-"), unprefixed.toString());
        assertEquals("abc", Files.readString(unprefixed));
    }

    @Test
    void sizesInBase256AndFromPaxAreTheEntrysLength() throws IOException {
        Tar big = new Tar().header("README", '0', Tar.base256(600), "", "");
        big.data("r".repeat(600).getBytes(StandardCharsets.UTF_8));
        big.entry(BINARY, '0', "after");
        assertEquals("after", Files.readString(unpack("b.tar.gz", big.gz())));

        Tar paxSized = new Tar().pax("size=700").header(BINARY, '0', Tar.octal(1), "", "");
        paxSized.data("s".repeat(700).getBytes(StandardCharsets.UTF_8));
        assertEquals("s".repeat(700), Files.readString(unpack("s.tar.gz", paxSized.gz())));
    }

    @Test
    void foldersAreMadeAndContiguousFilesAreFilesAndTheShallowestBinaryIsTheOne() throws IOException {
        Path binary = unpack("f.tar.gz", new Tar().entry("dist/", '5', "").entry("dist/empty/", '5', "")
                .entry("dist/docs/" + BINARY, '0', "deep").entry("dist/" + BINARY, '7', "shallow").gz());
        assertEquals("shallow", Files.readString(binary));
        assertTrue(Files.isDirectory(binary.getParent().resolve("docs")));
        assertTrue(Files.isDirectory(binary.getParent().resolve("empty")));
    }

    @Test
    void anArchiveExactlyAtItsCountAndSizeLimitsIsUnpacked() throws IOException {
        Path archive = Files.write(temp.resolve("limits.tar.gz"), new Tar().entry("dist/", '5', "")
                .entry("LICENSE", '0', "MIT").entry(BINARY, '0', "x".repeat(997)).gz());
        Path binary = new JdkArchiveExtractorAdapter(3, 1000).extractBinary(archive, temp.resolve("limits"), BINARY);
        assertEquals(997, Files.size(binary));
    }

    @Test
    void gnuAndPaxLinksAndDevicesAreRefused() {
        byte[] target = "/etc/passwd".getBytes(StandardCharsets.UTF_8);
        String gnuLink = refusal("k.tar.gz", uncheckedGz(new Tar().header("././@LongLink", 'K', Tar.octal(target.length),
                "", "").data(target).entry(BINARY, '1', "")));
        assertTrue(gnuLink.contains("is a link (to '/etc/passwd')"), gnuLink);

        String paxLink = refusal("x.tar.gz", uncheckedGz(new Tar().pax("linkpath=/etc/shadow").entry(BINARY, '2', "")));
        assertTrue(paxLink.contains("is a link (to '/etc/shadow')"), paxLink);

        String device = refusal("c.tar.gz", uncheckedGz(new Tar().entry("dev/tty", '3', "").entry(BINARY, '0', "x")));
        assertTrue(device.contains("is neither a file nor a folder"), device);
    }

    @Test
    void anEntryTwiceAnOversizedOrUnreadableHeaderAndACutHeaderAreRefused() {
        assertTrue(refusal("t.tar.gz", uncheckedGz(new Tar().entry(BINARY, '0', "one").entry(BINARY, '0', "two")))
                .contains("appears twice"));
        assertTrue(refusal("m.tar.gz", uncheckedGz(new Tar().header("big", 'x', Tar.octal(64 * 1024 + 1), "", "")))
                .contains("metadata record is larger"));
        assertTrue(refusal("o.tar.gz", uncheckedGz(new Tar().header(BINARY, '0',
                "12x".getBytes(StandardCharsets.US_ASCII), "", ""))).contains("unreadable size"));
        assertTrue(refusal("q.tar.gz", uncheckedGz(new Tar().pax("size=many").entry(BINARY, '0', "x")))
                .contains("unreadable size"));
        byte[] huge = new byte[12];
        Arrays.fill(huge, (byte) 0xff);
        assertTrue(refusal("h.tar.gz", uncheckedGz(new Tar().header(BINARY, '0', huge, "", "")))
                .contains("impossibly large"));

        Tar cut = new Tar().entry("LICENSE", '0', "MIT");
        cut.out.writeBytes(new byte[] {'c', 'l', 'i'});
        assertTrue(refusal("e.tar.gz", gzOf(cut.out.toByteArray())).contains("is damaged"));
        Tar cutMeta = new Tar().header("././@LongLink", 'L', Tar.octal(100), "", "");
        cutMeta.out.writeBytes(new byte[10]);
        assertTrue(refusal("n.tar.gz", gzOf(cutMeta.out.toByteArray())).contains("is damaged"));
    }

    @Test
    void anArchiveOfAnotherKindIsRefused() throws IOException {
        assertTrue(refusal("a.tar.xz", new byte[] {1, 2, 3}).contains("neither a .tar.gz nor a .zip"));
    }

    private static byte[] uncheckedGz(Tar tar) {
        try {
            return tar.gz();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzOf(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    // --- zip ---

    private static byte[] zipWithComment(List<Entry> entries, String comment) throws IOException {
        byte[] plain = Archives.zip(entries);
        // Archives.zip marks links assuming no comment; the comment is appended to the end record afterwards.
        byte[] bytes = comment.getBytes(StandardCharsets.UTF_8);
        byte[] commented = Arrays.copyOf(plain, plain.length + bytes.length);
        System.arraycopy(bytes, 0, commented, plain.length, bytes.length);
        ByteBuffer.wrap(commented).order(ByteOrder.LITTLE_ENDIAN).putShort(plain.length - 2, (short) bytes.length);
        return commented;
    }

    /** The same zip with its end record saying "see the Zip64 record", and that record and its locator added. */
    private static byte[] asZip64(byte[] zip, boolean withLocator, boolean goodRecord) {
        ByteBuffer in = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        long entries = in.getShort(end + 10) & 0xffff;
        long length = in.getInt(end + 12) & 0xffffffffL;
        long offset = in.getInt(end + 16) & 0xffffffffL;
        ByteBuffer out = ByteBuffer.allocate(end + 56 + 20 + 22).order(ByteOrder.LITTLE_ENDIAN);
        out.put(zip, 0, end);
        out.putInt(goodRecord ? 0x06064b50 : 0x01020304).putLong(44).putShort((short) 45).putShort((short) 45)
                .putInt(0).putInt(0).putLong(entries).putLong(entries).putLong(length).putLong(offset);
        if (withLocator) {
            out.putInt(0x07064b50).putInt(0).putLong(end).putInt(1);
        } else {
            out.put(new byte[20]);
        }
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 0xffff)
                .putShort((short) 0xffff).putInt(0xffffffff).putInt(0xffffffff).putShort((short) 0);
        return out.array();
    }

    @Test
    void aLinkIsFoundBehindAnArchiveCommentAndInAZip64Directory() throws IOException {
        List<Entry> withLink = List.of(Entry.file("LICENSE", "MIT"), Entry.symlink(BINARY, "/etc/passwd"));
        assertTrue(refusal("c.zip", zipWithComment(withLink, "built by CI ".repeat(20))).contains("is a link"));
        assertTrue(refusal("z.zip", asZip64(Archives.zip(withLink), true, true)).contains("is a link"));

        List<Entry> plain = List.of(Entry.file("LICENSE", "MIT"), Entry.file(BINARY, "binary"));
        assertEquals("binary", Files.readString(unpack("p.zip", zipWithComment(plain, "a comment"))));
        assertEquals("binary", Files.readString(unpack("q.zip", asZip64(Archives.zip(plain), true, true))));
    }

    @Test
    void aZip64DirectoryWithoutItsLocatorOrRecordIsDamaged() throws IOException {
        byte[] zip = Archives.zip(List.of(Entry.file(BINARY, "binary")));
        assertTrue(refusal("l.zip", asZip64(zip, false, true)).contains("without its locator"));
        assertTrue(refusal("r.zip", asZip64(zip, true, false)).contains("no zip64 end"));
        byte[] zip64 = asZip64(zip, true, true);
        byte[] endAlone = Arrays.copyOfRange(zip64, zip64.length - 22, zip64.length);
        assertTrue(refusal("t.zip", endAlone).contains("without its locator"));
    }

    @Test
    void aDirectoryOutsideTheFileOrWithBrokenEntriesIsDamaged() throws IOException {
        byte[] zip = Archives.zip(List.of(Entry.file("LICENSE", "MIT"), Entry.file(BINARY, "binary")));
        int end = zip.length - 22;
        ByteBuffer view = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int offset = view.getInt(end + 16);
        int length = view.getInt(end + 12);

        byte[] beyond = zip.clone();
        ByteBuffer.wrap(beyond).order(ByteOrder.LITTLE_ENDIAN).putInt(end + 12, zip.length);
        assertTrue(refusal("b.zip", beyond).contains("lies outside the file"));

        byte[] moreEntries = zip.clone();
        ByteBuffer.wrap(moreEntries).order(ByteOrder.LITTLE_ENDIAN).putShort(end + 10, (short) 3);
        assertTrue(refusal("m.zip", moreEntries).contains("broken central directory entry"));

        byte[] badSignature = zip.clone();
        badSignature[offset] = 0;
        assertTrue(refusal("s.zip", badSignature).contains("broken central directory entry"));

        byte[] longName = zip.clone();
        ByteBuffer.wrap(longName).order(ByteOrder.LITTLE_ENDIAN).putShort(offset + 28, (short) (length));
        assertTrue(refusal("n.zip", longName).contains("broken central directory entry"));
    }

    @Test
    void onlyAUnixModeMarksALinkAndAnOrdinaryUnixFileIsUnpacked() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("docs/"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(BINARY));
            zip.write("binary".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        byte[] archive = bytes.toByteArray();
        ByteBuffer view = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        int at = view.getInt(archive.length - 22 + 16);
        at += 46 + (view.getShort(at + 28) & 0xffff) + (view.getShort(at + 30) & 0xffff)
                + (view.getShort(at + 32) & 0xffff);
        // Made by MS-DOS (0) with link bits in the high half: not a Unix mode, so not a link.
        view.putShort(at + 4, (short) 20).putInt(at + 38, 0120777 << 16);
        Path dos = unpack("d.zip", archive);
        assertEquals("binary", Files.readString(dos));
        assertTrue(Files.isDirectory(dos.resolveSibling("docs")));

        // Made by Unix as an executable regular file (0100755): a file.
        view.putShort(at + 4, (short) ((3 << 8) | 20)).putInt(at + 38, 0100755 << 16);
        assertEquals("binary", Files.readString(unpack("u.zip", archive)));
        // Entries with comments and extra fields before a link: the link is still found where it is.
        ByteArrayOutputStream annotated = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(annotated)) {
            ZipEntry docs = new ZipEntry("docs/");
            docs.setComment("the documentation");
            docs.setExtra(new byte[] {(byte) 0xfe, (byte) 0xca, 4, 0, 1, 2, 3, 4});
            zip.putNextEntry(docs);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(BINARY));
            zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        byte[] linked = annotated.toByteArray();
        ByteBuffer links = ByteBuffer.wrap(linked).order(ByteOrder.LITTLE_ENDIAN);
        int second = links.getInt(linked.length - 22 + 16);
        second += 46 + (links.getShort(second + 28) & 0xffff) + (links.getShort(second + 30) & 0xffff)
                + (links.getShort(second + 32) & 0xffff);
        links.putShort(second + 4, (short) ((3 << 8) | 20)).putInt(second + 38, 0120777 << 16);
        assertTrue(refusalOrNone("a.zip", linked));

        // A Unix link whose mode carries other type bits too is still not a link (0140777 is a socket).
        view.putInt(at + 38, 0140777 << 16);
        assertFalse(refusalOrNone("s.zip", archive));
    }

    /** Whether unpacking fails because of a link. */
    private boolean refusalOrNone(String name, byte[] archive) throws IOException {
        try {
            unpack(name, archive);
            return false;
        } catch (InvalidInputException e) {
            return e.detail().orElseThrow().contains("is a link");
        }
    }
}
