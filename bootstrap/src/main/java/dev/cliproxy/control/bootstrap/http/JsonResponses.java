package dev.cliproxy.control.bootstrap.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;

/** Writes JSON bodies with one mapper and the exact content type of the contract. */
public final class JsonResponses {

    static final String JSON_UTF8 = "application/json; charset=utf-8";
    /** Its bytes made once (a header made per answer is encoded per answer). */
    private static final Header CONTENT_TYPE = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, JSON_UTF8);
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new ParameterNamesModule())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS);

    private JsonResponses() {
    }

    public static void send(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(CONTENT_TYPE);
        res.send(toBytes(body));
    }

    public static void ok(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    /** 200 with a body already written as JSON. */
    static void okJson(ServerResponse res, byte[] json) {
        res.status(Status.OK_200);
        res.header(CONTENT_TYPE);
        res.send(json);
    }

    static byte[] toBytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
