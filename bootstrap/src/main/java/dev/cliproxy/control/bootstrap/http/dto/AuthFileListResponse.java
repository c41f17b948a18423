package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.AuthFileListing;
import java.util.List;

/** {@code GET /auth-files}: {@code {"files":[{"name","size","mtime"}],"directory"}}. */
public record AuthFileListResponse(List<Item> files, String directory) {

    public static AuthFileListResponse from(AuthFileListing listing) {
        return new AuthFileListResponse(listing.files().stream()
                .map(file -> new Item(file.name(), file.size(), file.modified().toEpochMilli()))
                .toList(), listing.directory().toString());
    }

    /** One file. */
    public record Item(String name, long size, long mtime) {
    }
}
