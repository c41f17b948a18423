package dev.cliproxy.control.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Real {@code .tar.gz} (ustar headers, as Go's {@code archive/tar} writes them) and {@code .zip} archives built in
 * memory, with any entry names and link entries, hostile ones included, for tests of what installs them.
 */
public final class Archives {

    private Archives() {
    }

    /** One entry of an archive: a file, a folder, or a link to {@code target}. */
    public record Entry(String name, byte[] content, char type, String target) {
        public static Entry file(String name, String content) {
            return new Entry(name, content.getBytes(StandardCharsets.UTF_8), '0', "");
        }

        public static Entry symlink(String name, String target) {
            return new Entry(name, new byte[0], '2', target);
        }
    }

    public static byte[] tarGz(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (Entry entry : entries) {
                gzip.write(header(entry));
                gzip.write(entry.content());
                gzip.write(new byte[(512 - entry.content().length % 512) % 512]);
            }
            gzip.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    /**
     * A zip as Info-ZIP writes it on Unix for links too: a link entry holds its target's path and is marked a link
     * by the Unix mode in its central directory record (made by Unix, external attributes {@code 0120777 << 16}).
     */
    public static byte[] zip(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Entry entry : entries) {
                zip.putNextEntry(new ZipEntry(entry.name()));
                zip.write(entry.type() == '2' ? entry.target().getBytes(StandardCharsets.UTF_8) : entry.content());
                zip.closeEntry();
            }
        }
        byte[] archive = bytes.toByteArray();
        markLinks(ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN), entries);
        return archive;
    }

    /** ZipOutputStream cannot set an entry's Unix mode: it is written into the central directory afterwards. */
    private static void markLinks(ByteBuffer zip, List<Entry> entries) {
        int end = zip.limit() - 22; // no archive comment
        int at = zip.getInt(end + 16);
        for (Entry entry : entries) {
            int nameLength = zip.getShort(at + 28) & 0xffff;
            if (entry.type() == '2') {
                zip.putShort(at + 4, (short) ((3 << 8) | 20));
                zip.putInt(at + 38, 0120777 << 16);
            }
            at += 46 + nameLength + (zip.getShort(at + 30) & 0xffff) + (zip.getShort(at + 32) & 0xffff);
        }
    }

    private static byte[] header(Entry entry) {
        byte[] header = new byte[512];
        put(header, 0, entry.name());
        put(header, 100, "0000755");
        put(header, 108, "0001750");
        put(header, 116, "0001750");
        put(header, 124, String.format("%011o", entry.content().length));
        put(header, 136, String.format("%011o", 1_700_000_000L));
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        header[156] = (byte) entry.type();
        put(header, 157, entry.target());
        put(header, 257, "ustar");
        put(header, 263, "00");
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[155] = ' ';
        return header;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
