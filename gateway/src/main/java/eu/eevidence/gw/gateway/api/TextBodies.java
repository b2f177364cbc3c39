package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.codec.Utf8;
import eu.eevidence.gw.schema.validation.Violation;
import jakarta.ws.rs.core.Response;

import java.util.List;
import eu.eevidence.gw.gateway.answer.AnswerError;

/**
 * The node reads bodies as text in UTF-8 only, strictly (issue 14 "strict input"): checked on the bytes, before any
 * parser sees them, so that a lenient decoder never normalises an overlong form or a surrogate into something else.
 */
final class TextBodies {

    private TextBodies() {
    }

    /**
     * Null when the body is acceptable text; else the answer: {@code 415 EEG-HTTP-415} for a UTF-16/32 body (a byte
     * order mark or a NUL in its first four bytes), {@code 400 EEG-REQ-MALFORMED} with the field error
     * {@code EEG-JSON-ENCODING} for ill-formed UTF-8 or a UTF-8 byte order mark.
     */
    static Response refusal(byte[] body) {
        Response wide = wideRefusal(body);
        if (wide != null) {
            return wide;
        }
        Violation v = JsonCodec.encodingViolation(body);
        return v == null ? null : Problems.of(400, AnswerError.REQ_MALFORMED, "Malformed request", "the body is not strict UTF-8", List.of(v));
    }

    /** Null unless the body is UTF-16 or UTF-32 (then {@code 415 EEG-HTTP-415}). */
    static Response wideRefusal(byte[] body) {
        return Utf8.looksUtf16Or32(body) ? Problems.of(415, ApiError.HTTP_415, "Unsupported Media Type",
                "the body is UTF-16 or UTF-32; send UTF-8 without a byte order mark") : null;
    }
}
