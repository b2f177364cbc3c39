package eu.eevidence.gw.schema.validation;

import java.util.Arrays;
import java.util.Optional;

/**
 * Stable codes for everything that can be wrong with a message. Codes never change meaning once published;
 * the human message may be reworded. The API returns them in RFC 9457 problem details.
 */
public enum ValidationCode {
    REQUIRED("EEG-VAL-REQUIRED", "is required"),
    LENGTH("EEG-VAL-LENGTH", "has a length outside the allowed range"),
    FORMAT("EEG-VAL-FORMAT", "has an invalid format"),
    COUNTRY("EEG-VAL-COUNTRY", "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. FR"),
    EMAIL("EEG-VAL-EMAIL", "must be an e-mail address"),
    PHONE("EEG-VAL-PHONE", "must be a phone number in E.164 form, e.g. +33123456789"),
    PLATFORM_ID("EEG-VAL-PLATFORM-ID", "must be a platform id of the node's directory (lower-case letters, digits, '-')"),
    REFERENCE("EEG-VAL-REFERENCE", "must be a reference of letters, digits and . _ : / -"),
    TEXT("EEG-VAL-TEXT", "contains control or bidirectional-override characters, or is too long"),
    TIME_RANGE("EEG-VAL-TIME-RANGE", "must start before it ends"),
    IDENTIFIER("EEG-VAL-IDENTIFIER", "is not a valid identifier of its type"),
    IDENTIFIER_OBSERVED_AT("EEG-VAL-IDENTIFIER-OBSERVED-AT", "an IP address needs the time it was observed (observedAt)"),
    IDENTIFIER_PORT("EEG-VAL-IDENTIFIER-PORT", "a port is only allowed with an IP address"),
    PORT("EEG-VAL-PORT", "must be a port number from 0 to 65535"),
    ART29_MIN_PERIOD("EEG-VAL-ART29-MIN-PERIOD", "Art. 29(7) ETS 185: preservation lasts not less than 60 days"),
    PERIOD_MAX("EEG-VAL-PERIOD-MAX", "is longer than the maximum of 3650 days"),
    ART29_MLA_INTENT("EEG-VAL-ART29-MLA-INTENT", "Art. 29(2)(f) ETS 185: the request must state the intent to submit a mutual-assistance request"),
    VALUE("EEG-VAL-VALUE", "has a value outside the allowed range"),

    // JSON syntax and structure (decoder)
    JSON_MALFORMED("EEG-JSON-MALFORMED", "the body is not well-formed JSON"),
    JSON_DUPLICATE_KEY("EEG-JSON-DUPLICATE-KEY", "a key appears twice in the same object"),
    JSON_UNKNOWN_FIELD("EEG-JSON-UNKNOWN-FIELD", "is not a field of this message type (server-owned fields cannot be set by clients)"),
    JSON_TYPE("EEG-JSON-TYPE", "has the wrong JSON type or an unparseable value"),
    JSON_TIMESTAMP("EEG-JSON-TIMESTAMP", "must be an ISO 8601 timestamp with a zone offset, e.g. 2026-11-24T03:00:00+01:00"),
    JSON_UNKNOWN_MESSAGE_TYPE("EEG-JSON-UNKNOWN-MESSAGE-TYPE", "is not a message type of the catalogue"),
    JSON_LIMIT("EEG-JSON-LIMIT", "exceeds a size or nesting limit"),
    JSON_TRAILING("EEG-JSON-TRAILING-CONTENT", "the body has content after the JSON value"),
    JSON_EMPTY("EEG-JSON-EMPTY", "the body is empty");

    private final String code;
    private final String message;

    ValidationCode(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    public static Optional<ValidationCode> byCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
}
