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

    // envelope and correlation
    MESSAGE_ID("EEG-VAL-MESSAGE-ID", "must be an id of 8 to 100 letters, digits and . _ : -"),
    VERSION("EEG-VAL-VERSION", "must be a supported catalogue version of major version 1, e.g. 1.0"),
    PARTY_KIND("EEG-VAL-PARTY-KIND", "this kind of party cannot send or receive this message type"),
    CORRELATION_REQUIRED("EEG-VAL-CORRELATION-REQUIRED", "this message type answers or follows an earlier message: correlationId is required"),
    CORRELATION_SELF("EEG-VAL-CORRELATION-SELF", "correlationId must name an earlier message, not this one"),
    CORRELATION_UNKNOWN("EEG-VAL-CORRELATION-UNKNOWN", "correlationId does not name a message known to this node"),
    CORRELATION_FAMILY("EEG-VAL-CORRELATION-FAMILY", "correlationId names a message of a type this message cannot follow"),
    DUPLICATE_MESSAGE_ID("EEG-VAL-DUPLICATE-MESSAGE-ID", "the message id is used more than once in the batch"),
    DUPLICATE_ITEM_ID("EEG-VAL-DUPLICATE-ITEM-ID", "the item id is used more than once in the manifest"),

    // legal rules
    EMERGENCY_FACTS("EEG-VAL-EMERGENCY-FACTS", "an emergency request must state the facts showing a significant and imminent risk to the life or safety of a person and how the data relate to it"),
    EU_JUDICIAL_AUTHORITY("EEG-VAL-EU-JUDICIAL-AUTHORITY", "Art. 4(2) Reg. (EU) 2023/1543: traffic data (not for identification only) and content data need a judge, court or investigating judge as issuing or validating authority"),
    EU_VALIDATION_REQUIRED("EEG-VAL-EU-VALIDATION-REQUIRED", "Art. 4 Reg. (EU) 2023/1543: an order from another competent authority must be validated by a judge, court, investigating judge or prosecutor"),
    EPOC_OFFENCE_THRESHOLD("EEG-VAL-EPOC-OFFENCE-THRESHOLD", "Art. 5(4) Reg. (EU) 2023/1543: traffic or content data only for offences punishable by a maximum of at least 3 years or for listed offences"),
    EPOC_NOTIFICATION("EEG-VAL-EPOC-NOTIFICATION", "Art. 8 Reg. (EU) 2023/1543: traffic or content data need notification of the enforcing authority unless offence and person are both in the issuing State"),
    EPOC_DEADLINE("EEG-VAL-EPOC-DEADLINE", "Art. 10 Reg. (EU) 2023/1543: the deadline kind does not match the notification and emergency fields"),
    EPOC_PR_EXTENSION_DAYS("EEG-VAL-EPOC-PR-EXTENSION-DAYS", "Art. 11(1) Reg. (EU) 2023/1543: a preservation order is extended by exactly 30 days"),
    EPOC_PR_EXTENSION_ONCE("EEG-VAL-EPOC-PR-EXTENSION-ONCE", "Art. 11(1) Reg. (EU) 2023/1543: a preservation order can be extended only once"),
    PRESERVATION_PERIOD("EEG-VAL-PRESERVATION-PERIOD", "a confirmed preservation must end at least 60 days after it started"),
    PROTOCOL_STATEMENT("EEG-VAL-PROTOCOL-STATEMENT", "the request must make this statement required by the Second Additional Protocol (CETS 224)"),
    ART7_NOTIFICATION("EEG-VAL-ART7-NOTIFICATION", "Art. 7(4)(g) CETS 224: a simultaneous notification must name the notified authority"),
    ART8_CATEGORY("EEG-VAL-ART8-CATEGORY", "Art. 8 CETS 224 covers subscriber information and traffic data only"),
    ART31_EXPEDITED("EEG-VAL-ART31-EXPEDITED-REASON", "Art. 31(3) ETS 185: an expedited request must say why the data are vulnerable to loss or modification"),
    DOMAIN("EEG-VAL-DOMAIN", "must be a domain name, e.g. example.org"),
    REFUSAL_PARTIAL("EEG-VAL-REFUSAL-PARTIAL", "a partial refusal must say which part is refused, a full refusal must not"),
    FORM3_CONFLICT("EEG-VAL-FORM3-CONFLICT", "Art. 17 Reg. (EU) 2023/1543: reason CONFLICT_OF_LAWS needs the third country and its conflicting law"),
    FORM3_CLARIFICATION("EEG-VAL-FORM3-CLARIFICATION", "a request for clarification must ask at least one question"),
    REMOVAL_PRESERVATION("EEG-VAL-REMOVAL-PRESERVATION", "a removal order must keep the removed content preserved for a limited period of 1 to 366 days"),
    SHA256("EEG-VAL-SHA256", "must be a SHA-256 digest as 64 lower-case hexadecimal characters"),
    MEDIA_TYPE("EEG-VAL-MEDIA-TYPE", "must be a media type such as image/jpeg (RFC 6838)"),
    PERCEPTUAL_HASH("EEG-VAL-PERCEPTUAL-HASH", "a PDQ hash is 64 hexadecimal characters; other algorithms need 1 to 1024 hexadecimal or base64 characters"),

    // JSON syntax and structure (decoder)
    JSON_MALFORMED("EEG-JSON-MALFORMED", "the body is not well-formed JSON"),
    JSON_DUPLICATE_KEY("EEG-JSON-DUPLICATE-KEY", "a key appears twice in the same object"),
    JSON_UNKNOWN_FIELD("EEG-JSON-UNKNOWN-FIELD", "is not a field of this message type (server-owned fields cannot be set by clients)"),
    JSON_TYPE("EEG-JSON-TYPE", "has the wrong JSON type or an unparseable value"),
    JSON_TIMESTAMP("EEG-JSON-TIMESTAMP", "must be an ISO 8601 timestamp with a zone offset, e.g. 2026-11-24T03:00:00+01:00"),
    JSON_UNKNOWN_MESSAGE_TYPE("EEG-JSON-UNKNOWN-MESSAGE-TYPE", "is not a message type of the catalogue"),
    JSON_LIMIT("EEG-JSON-LIMIT", "exceeds a size or nesting limit"),
    JSON_TRAILING("EEG-JSON-TRAILING-CONTENT", "the body has content after the JSON value"),
    JSON_EMPTY("EEG-JSON-EMPTY", "the body is empty"),
    JSON_ENCODING("EEG-JSON-ENCODING", "the body is not well-formed UTF-8 (overlong form, encoded surrogate, invalid or truncated sequence, or a byte order mark)"),

    // XML syntax and structure (decoder)
    XML_EMPTY("EEG-XML-EMPTY", "the body is empty"),
    XML_MALFORMED("EEG-XML-MALFORMED", "the body is not well-formed UTF-8 XML 1.0"),
    XML_ENCODING("EEG-XML-ENCODING", "the body must be well-formed UTF-8 without a byte order mark and declare no other encoding"),
    XML_DOCTYPE("EEG-XML-DOCTYPE", "DOCTYPE declarations, DTDs and entity declarations are not accepted"),
    XML_LIMIT("EEG-XML-LIMIT", "exceeds a size, depth, attribute-count or text-length limit"),
    XML_NAMESPACE("EEG-XML-NAMESPACE", "the root element must be envelope in namespace urn:eevidence:gateway:messages:v1"),
    XML_SCHEMA("EEG-XML-SCHEMA", "does not conform to the message XSD"),
    XML_TYPE("EEG-XML-TYPE", "has a value that cannot be read as its type");

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
