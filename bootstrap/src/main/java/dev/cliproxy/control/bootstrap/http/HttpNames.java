package dev.cliproxy.control.bootstrap.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/** Percent-decoding of a raw path segment and the RFC 6266 {@code Content-Disposition} of a download. */
final class HttpNames {

    private HttpNames() {
    }

    /**
     * Decodes {@code %XX} escapes exactly once, as UTF-8; empty for a malformed escape or bytes that are not UTF-8.
     * ({@code +} stays {@code +}: it means a space only in forms.)
     */
    static Optional<String> decodePathSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return Optional.of(raw);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !HexFormat.isHexDigit(raw.charAt(i + 1))
                        || !HexFormat.isHexDigit(raw.charAt(i + 2))) {
                    return Optional.empty();
                }
                bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>}: safe for any name, since
     * the quoted fallback holds only printable ASCII other than {@code "} and {@code \}, and the extended form
     * only RFC 5987 attr-chars and escapes.
     */
    static String attachment(String fileName) {
        StringBuilder fallback = new StringBuilder(fileName.length());
        StringBuilder encoded = new StringBuilder(fileName.length() * 3);
        fileName.codePoints().forEach(cp -> fallback.append(cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\'
                ? (char) cp : '_'));
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
    }
}
