package dev.cliproxy.control.adapter.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * The names of a zip file's link entries, read from its central directory. The JDK's zip readers do not show an
 * entry's Unix mode (the high half of its external attributes), so a link entry would be unpacked as a small file
 * holding its target's path; it is refused instead, as a tar link is. Zip64 directories are read too.
 */
final class ZipDirectory {

    private static final int END = 0x06054b50;
    private static final int END64_LOCATOR = 0x07064b50;
    private static final int END64 = 0x06064b50;
    private static final int ENTRY = 0x02014b50;
    /** The end record (22 bytes) follows the directory, after at most a 65535-byte comment. */
    private static final int END_SEARCH = 22 + 0xffff;
    private static final int UNIX = 3;
    private static final int TYPE_MASK = 0170000;
    private static final int LINK = 0120000;
    /** A directory of a thousand entries with ordinary names is some tens of kilobytes. */
    private static final long MAX_DIRECTORY = 16L * 1024 * 1024;

    private ZipDirectory() {
    }

    /** The link entries' names; a {@link ZipException} when the directory cannot be read. */
    static List<String> links(Path zip) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            int tail = (int) Math.min(size, END_SEARCH);
            ByteBuffer end = read(channel, size - tail, tail);
            int at = tail - 22;
            while (at >= 0 && end.getInt(at) != END) {
                at--;
            }
            if (at < 0) {
                throw new ZipException("no end of central directory record");
            }
            long entries = end.getShort(at + 10) & 0xffffL;
            long length = end.getInt(at + 12) & 0xffffffffL;
            long offset = end.getInt(at + 16) & 0xffffffffL;
            if (entries == 0xffff || length == 0xffffffffL || offset == 0xffffffffL) {
                ByteBuffer locator = at >= 20 ? end.slice(at - 20, 20).order(ByteOrder.LITTLE_ENDIAN) : null;
                if (locator == null || locator.getInt(0) != END64_LOCATOR) {
                    throw new ZipException("a zip64 archive without its locator");
                }
                ByteBuffer end64 = read(channel, locator.getLong(8), 56);
                if (end64.getInt(0) != END64) {
                    throw new ZipException("no zip64 end of central directory record");
                }
                entries = end64.getLong(32);
                length = end64.getLong(40);
                offset = end64.getLong(48);
            }
            if (offset < 0 || length < 0 || offset + length > size || length > MAX_DIRECTORY) {
                throw new ZipException("its central directory lies outside the file");
            }
            return linkNames(read(channel, offset, (int) length), entries);
        }
    }

    private static List<String> linkNames(ByteBuffer directory, long entries) throws ZipException {
        List<String> links = new ArrayList<>();
        int at = 0;
        for (long i = 0; i < entries; i++) {
            if (at + 46 > directory.limit() || directory.getInt(at) != ENTRY) {
                throw new ZipException("a broken central directory entry");
            }
            int madeBy = (directory.getShort(at + 4) >> 8) & 0xff;
            int nameLength = directory.getShort(at + 28) & 0xffff;
            int extraLength = directory.getShort(at + 30) & 0xffff;
            int commentLength = directory.getShort(at + 32) & 0xffff;
            int mode = (directory.getInt(at + 38) >>> 16) & 0xffff;
            if (at + 46 + nameLength > directory.limit()) {
                throw new ZipException("a broken central directory entry");
            }
            if (madeBy == UNIX && (mode & TYPE_MASK) == LINK) {
                byte[] name = new byte[nameLength];
                directory.get(at + 46, name);
                links.add(new String(name, StandardCharsets.UTF_8));
            }
            at += 46 + nameLength + extraLength + commentLength;
        }
        return links;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        if (position < 0) {
            throw new ZipException("a record lies outside the file");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new ZipException("a record lies outside the file");
            }
        }
        return buffer.flip();
    }
}
