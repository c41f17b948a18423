package dev.cliproxy.control.bootstrap.http.dto;

import dev.cliproxy.control.domain.model.UsageCursor;
import dev.cliproxy.control.domain.model.UsagePage;
import java.util.List;

/** {@code GET /usage/requests}: the page's records, oldest first, and the next page's cursor ({@code null}: none). */
public record UsagePageResponse(List<UsageRecordResponse> requests, String next) {

    public static UsagePageResponse from(UsagePage page) {
        return new UsagePageResponse(page.records().stream().map(UsageRecordResponse::from).toList(),
                page.next().map(UsageCursor::text).orElse(null));
    }
}
