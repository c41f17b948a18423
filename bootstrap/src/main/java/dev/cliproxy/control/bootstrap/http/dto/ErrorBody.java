package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Every error the API answers: {@code {"error", "message"?, "code"?}} (contract §2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String code) {

    public static ErrorBody of(String error) {
        return new ErrorBody(error, null, null);
    }
}
