package dev.cliproxy.control.bootstrap.http;

/**
 * Error logs as CLIProxyAPI writes them (cliproxyapi.md §4.3): v7 ends sections with two blank lines, v6 one; and
 * as the API document shows one.
 */
final class LogFixtures {

    private LogFixtures() {
    }

    static String v7(String model, int status) {
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
                {"messages":[{"role":"user","content":"say \\"model\\": \\"fake\\""}],"model":"%s","stream":false}


                === API REQUEST 1 ===
                Timestamp: 2026-08-22T15:30:12.130512000+08:00
                Upstream URL: https://chatgpt.com/backend-api/codex/responses
                HTTP Method: POST

                Body:
                {"model":"upstream-model","input":[]}


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

                {"error":{"message":"Status: 999","type":"usage_limit_reached"}}
                """.formatted(model, status);
    }

    /** The API document's example log (GET /error-logs/:name), with this model and status. */
    static String document(String model, int status) {
        return """
                === Request ===
                POST /v1/messages HTTP/1.1
                Content-Type: application/json

                {"model":"%s","messages":[...]}

                === Response ===
                Status: %d
                {"error":{"type":"rate_limit_error","message":"Rate limit exceeded"}}
                """.formatted(model, status);
    }

    static String v6(String model, int upstreamStatus) {
        return """
                === REQUEST INFO ===
                Version: 6.9.6
                URL: /v1/messages
                Method: POST
                Timestamp: 2025-12-23T19:58:11.123456789+07:00

                === HEADERS ===
                Content-Type: application/json

                === REQUEST BODY ===
                {"model":"%s","messages":[]}

                === API ERROR RESPONSE ===
                HTTP Status: %d
                upstream said no
                """.formatted(model, upstreamStatus);
    }
}
