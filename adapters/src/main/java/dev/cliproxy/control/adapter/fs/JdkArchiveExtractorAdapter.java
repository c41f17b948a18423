package dev.cliproxy.control.adapter.fs;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.port.ArchiveExtractorPort;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Unpacks {@code .zip} (the JDK's {@link ZipInputStream}, once {@link ZipDirectory} has found no link in it) and
 * {@code .tar.gz} (the JDK's {@link GZIPInputStream} and the small {@link TarReader}: the proxy's archives are plain
 * ustar/PAX files of regular files) into a fresh directory. Every entry is checked before a byte is written: its
 * name must stay inside the directory, it must be a file or a directory (links and devices are refused: the release
 * archives hold none), and the archive as a whole stays under a count and a size limit, so a hostile or broken
 * archive cannot write elsewhere or fill the disk.
 */
public final class JdkArchiveExtractorAdapter implements ArchiveExtractorPort {

    /** The proxy's archives hold five files. */
    public static final int DEFAULT_MAX_ENTRIES = 1000;
    /** The proxy binary is some tens of megabytes. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

    private final int maxEntries;
    private final long maxBytes;

    public JdkArchiveExtractorAdapter() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
    }

    public JdkArchiveExtractorAdapter(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    @Override
    public Path extractBinary(Path archive, Path into, String binaryName) {
        String name = archive.getFileName().toString();
        Budget budget = new Budget();
        try {
            Files.createDirectories(into);
            Path root = into.toRealPath();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
                if (name.endsWith(".zip")) {
                    refuseLinks(archive);
                    unzip(in, root, budget);
                } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
                    untar(new GZIPInputStream(in), root, budget);
                } else {
                    throw invalid(name + " is neither a .tar.gz nor a .zip file");
                }
            }
            return budget.binary(binaryName).orElseThrow(() -> invalid(name + " holds no file named " + binaryName));
        } catch (ZipException | EOFException e) {
            throw invalid(name + " is damaged (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new StorageException("Failed to unpack the archive", name + ": " + FileErrors.reason(e),
                    ErrorCode.STORAGE_ERROR, e);
        }
    }

    private void unzip(InputStream in, Path root, Budget budget) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
            write(root, entry.getName(), entry.isDirectory(), zip, budget);
        }
    }

    /** A zip's links are known from its central directory only, so they are looked for before anything is written. */
    private static void refuseLinks(Path zip) throws IOException {
        List<String> links = ZipDirectory.links(zip);
        if (!links.isEmpty()) {
            throw invalid("the entry " + clip(links.getFirst()) + " is a link; release archives hold no links");
        }
    }

    private void untar(InputStream in, Path root, Budget budget) throws IOException {
        TarReader tar = new TarReader(in);
        for (TarReader.Entry entry; (entry = tar.next()) != null; ) {
            switch (entry.type()) {
                case FILE -> write(root, entry.name(), false, tar.content(), budget);
                case DIRECTORY -> write(root, entry.name(), true, InputStream.nullInputStream(), budget);
                case LINK -> throw invalid("the entry " + clip(entry.name()) + " is a link (to "
                        + clip(entry.linkTarget()) + "); release archives hold no links");
                case OTHER -> throw invalid("the entry " + clip(entry.name()) + " is neither a file nor a folder");
            }
        }
    }

    private void write(Path root, String entryName, boolean directory, InputStream content, Budget budget)
            throws IOException {
        if (++budget.entries > maxEntries) {
            throw invalid("it holds more than " + maxEntries + " entries");
        }
        Path target = confined(root, entryName);
        if (directory) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = content.read(buffer)) >= 0; ) {
                budget.bytes += n;
                if (budget.bytes > maxBytes) {
                    throw invalid("it unpacks to more than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (FileAlreadyExistsException e) {
            throw invalid("the entry " + clip(entryName) + " appears twice");
        }
        budget.files.add(target);
    }

    /** Where an entry goes; refused when its name is absolute, climbs with {@code ..} or uses another separator. */
    static Path confined(Path root, String entryName) {
        String name = entryName.endsWith("/") ? entryName.substring(0, entryName.length() - 1) : entryName;
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.matches("^[A-Za-z]:.*")) {
            throw invalid("the entry " + clip(entryName) + " has an absolute or unsafe name");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw invalid("the entry " + clip(entryName) + " would be written outside the staging folder");
            }
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw invalid("the entry " + clip(entryName) + " would be written outside the staging folder");
        }
        return target;
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(ErrorCode.INVALID_ARCHIVE, message);
    }

    private static String clip(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (printable.length() > 100 ? printable.substring(0, 100) + "..." : printable) + "'";
    }

    /** What an archive has used so far, and the files it wrote. */
    private static final class Budget {
        private int entries;
        private long bytes;
        private final List<Path> files = new ArrayList<>();

        /** The shallowest file of that name (the archives are flat; a wrapper folder is allowed). */
        Optional<Path> binary(String binaryName) {
            return files.stream().filter(file -> file.getFileName().toString().equals(binaryName))
                    .min(Comparator.comparingInt(Path::getNameCount));
        }
    }

    /**
     * A reader of tar streams as Go's {@code archive/tar} writes them: 512-byte ustar headers (name with its
     * prefix, octal or base-256 size, type), PAX extended headers ({@code path}, {@code linkpath}, {@code size})
     * and GNU long names. Nothing else of tar is needed to find the files.
     */
    static final class TarReader {

        enum Type { FILE, DIRECTORY, LINK, OTHER }

        record Entry(String name, Type type, long size, String linkTarget) {
        }

        private static final int BLOCK = 512;
        /** PAX and GNU name records are a few hundred bytes. */
        private static final int MAX_META = 64 * 1024;

        private final InputStream in;
        private long remaining;
        private long padding;

        TarReader(InputStream in) {
            this.in = in;
        }

        /** The next entry, after skipping what is left of the current one; null at the end. */
        Entry next() throws IOException {
            skipRest();
            String longName = null;
            String longLink = null;
            Long paxSize = null;
            while (true) {
                byte[] header = in.readNBytes(BLOCK);
                if (header.length == 0 || isZero(header)) {
                    return null;
                }
                if (header.length < BLOCK) {
                    throw new EOFException("the archive ends inside a header");
                }
                char flag = (char) header[156];
                long size = size(header);
                if (flag == 'x' || flag == 'g' || flag == 'L' || flag == 'K') {
                    if (size > MAX_META) {
                        throw invalid("a tar metadata record is larger than " + MAX_META + " bytes");
                    }
                    byte[] data = readPadded(size);
                    if (flag == 'L') {
                        longName = cString(data, 0, data.length);
                    } else if (flag == 'K') {
                        longLink = cString(data, 0, data.length);
                    } else if (flag == 'x') {
                        Pax pax = Pax.parse(new String(data, StandardCharsets.UTF_8));
                        longName = pax.path != null ? pax.path : longName;
                        longLink = pax.linkPath != null ? pax.linkPath : longLink;
                        paxSize = pax.size != null ? pax.size : paxSize;
                    }
                    continue;
                }
                String name = longName != null ? longName : ustarName(header);
                String link = longLink != null ? longLink : cString(header, 157, 100);
                long entrySize = paxSize != null ? paxSize : size;
                Type type = switch (flag) {
                    case '0', '\0', '7' -> Type.FILE;
                    case '5' -> Type.DIRECTORY;
                    case '1', '2' -> Type.LINK;
                    default -> Type.OTHER;
                };
                // Whatever the type, the data that follows is skipped unless read: links and folders carry none.
                remaining = entrySize;
                padding = (BLOCK - entrySize % BLOCK) % BLOCK;
                return new Entry(name, type, entrySize, link);
            }
        }

        /** The current entry's bytes. */
        InputStream content() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (remaining == 0) {
                        return -1;
                    }
                    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                    if (n < 0) {
                        throw new EOFException("the archive ends inside an entry");
                    }
                    remaining -= n;
                    return n;
                }
            };
        }

        private void skipRest() throws IOException {
            in.skipNBytes(remaining + padding);
            remaining = 0;
            padding = 0;
        }

        private byte[] readPadded(long size) throws IOException {
            byte[] data = in.readNBytes((int) size);
            if (data.length < size) {
                throw new EOFException("the archive ends inside a header");
            }
            in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
            return data;
        }

        private static String ustarName(byte[] header) {
            String name = cString(header, 0, 100);
            boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
            String prefix = ustar ? cString(header, 345, 155) : "";
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }

        /** Octal digits, or GNU's base-256 (high bit of the first byte set) for sizes of 8 GiB and more. */
        private static long size(byte[] header) {
            if ((header[124] & 0x80) != 0) {
                long value = header[124] & 0x7f;
                for (int i = 125; i < 136; i++) {
                    if (value > (Long.MAX_VALUE >> 8)) {
                        throw invalid("a tar entry is impossibly large");
                    }
                    value = (value << 8) | (header[i] & 0xff);
                }
                return value;
            }
            String octal = cString(header, 124, 12).strip();
            try {
                return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
            } catch (NumberFormatException e) {
                throw invalid("a tar header has an unreadable size");
            }
        }

        private static String cString(byte[] bytes, int offset, int length) {
            int end = offset;
            while (end < offset + length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
        }

        private static boolean isZero(byte[] block) {
            for (byte b : block) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        /** The records of a PAX extended header that matter here: {@code <len> <key>=<value>\n}. */
        private static final class Pax {
            private String path;
            private String linkPath;
            private Long size;

            static Pax parse(String text) {
                Pax pax = new Pax();
                for (String record : text.split("\n")) {
                    int space = record.indexOf(' ');
                    int equals = record.indexOf('=');
                    if (space < 0 || equals < space) {
                        continue;
                    }
                    String key = record.substring(space + 1, equals);
                    String value = record.substring(equals + 1);
                    switch (key) {
                        case "path" -> pax.path = value;
                        case "linkpath" -> pax.linkPath = value;
                        case "size" -> {
                            try {
                                pax.size = Long.parseLong(value);
                            } catch (NumberFormatException e) {
                                throw invalid("a PAX header has an unreadable size");
                            }
                        }
                        default -> { }
                    }
                }
                return pax;
            }
        }
    }
}
