package dev.cliproxy.control.testkit.arbitrary;

/**
 * Error logs as CLIProxyAPI writes them (cliproxyapi.md §4.3), the one set every test writes: v7 ends sections with
 * two blank lines and reports the final response, v6 ends them with one and reports upstream errors (the last one
 * counts). Each carries decoys a reader must ignore: {@code "model"} nested in messages and inside text, the upstream
 * request's own model, a {@code Status:} line inside a body and an earlier upstream status.
 */
public final class SampleErrorLogs {

    private SampleErrorLogs() {
    }

    /** A v7 log of a request for {@code model} that was answered {@code status}. */
    public static String v7(String model, int status) {
        return v7(model, status, 0);
    }

    /** The same, the upstream request's body (the middle a reader may skip) padded with {@code padding} characters. */
    public static String v7(String model, int status, int padding) {
        return """
                === REQUEST INFO ===
                Version: 7.2.140
                URL: /v1/chat/completions
                Method: POST
                Downstream Transport: http
                Upstream Transport: http
                Timestamp: 2026-08-22T15:30:12.123456789+08:00


                === HEADERS ===
                Content-Type: application/json
                Authorization: Bearer sk-l...cdef


                === REQUEST BODY ===
                {"messages":[{"role":"user","model":"nested","content":"\\"model\\":\\"in-text\\""}],"model":"%s"}


                === API REQUEST 1 ===
                Timestamp: 2026-08-22T15:30:12.130512000+08:00
                Upstream URL: https://chatgpt.com/backend-api/codex/responses

                Body:
                {"model":"upstream-model","input":[]%s}


                === API RESPONSE 1 ===
                Timestamp: 2026-08-22T15:30:12.512000000+08:00
                Status: 503
                Headers:
                Content-Type: application/json

                Body:
                {"error":"busy"}


                === RESPONSE ===
                Status: %d
                Content-Type: application/json; charset=utf-8

                {"error":{"message":"Status: 500","type":"usage_limit_reached"}}
                """.formatted(model, pad(padding), status);
    }

    /** A v6 log of a request for {@code model} whose last upstream error was {@code upstreamStatus}. */
    public static String v6(String model, int upstreamStatus) {
        return v6(model, upstreamStatus, 0);
    }

    /** The same, the request body padded after the model with {@code padding} characters. */
    public static String v6(String model, int upstreamStatus, int padding) {
        return """
                === REQUEST INFO ===
                Version: 6.9.6
                URL: /v1/messages
                Method: POST
                Timestamp: 2025-12-23T19:58:11.123456789+07:00

                === HEADERS ===
                Content-Type: application/json

                === REQUEST BODY ===
                {"model":"%s","messages":[]%s}

                === API ERROR RESPONSE ===
                HTTP Status: 500
                first failure

                === API ERROR RESPONSE ===
                HTTP Status: %d
                second failure
                """.formatted(model, pad(padding), upstreamStatus);
    }

    /** The API document's example log (its {@code GET /error-logs/:name}), verbatim: status 429, its model. */
    public static final String DOCUMENT_EXAMPLE = """
            === Request ===
            POST /v1/messages HTTP/1.1
            Content-Type: application/json

            {"model":"gemini-3-flash-preview","messages":[...]}

            === Response ===
            Status: 429
            {"error":{"type":"rate_limit_error","message":"Rate limit exceeded"}}
            """;

    /** The API document's example log (its {@code GET /error-logs/:name}), with this model and status. */
    public static String document(String model, int status) {
        return document(model, status, 0);
    }

    /**
     * The API document's own layout ({@code === Request ===} with the request line, headers and body, then
     * {@code === Response ===} with {@code Status: N}), with a decoy status inside the response body.
     */
    public static String document(String model, int status, int pad) {
        return """
                === Request ===
                POST /v1/messages HTTP/1.1
                Content-Type: application/json

                {"messages":[{"role":"user","content":"%s"}],"model":"%s"}

                === Response ===
                Status: %d
                {"error":{"type":"rate_limit_error","message":"Status: 200"}}
                """.formatted("x".repeat(pad), model, status);
    }

    /** Nothing for no padding, so the unpadded logs read exactly as the proxy writes them. */
    private static String pad(int padding) {
        return padding == 0 ? "" : ",\"pad\":\"" + "x".repeat(padding) + "\"";
    }
}
