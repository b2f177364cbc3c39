package eu.eevidence.gw.schema.validation;

import java.util.Arrays;
import java.util.Optional;

/**
 * Stable codes for everything that can be wrong with a message. Codes never change meaning once published;
 * the human message may be reworded. The API returns them in RFC 9457 problem details.
 */
public enum ValidationCode {
    REQUIRED(Codes.REQUIRED, "is required"),
    LENGTH(Codes.LENGTH, "has a length outside the allowed range"),
    FORMAT(Codes.FORMAT, "has an invalid format"),
    COUNTRY(Codes.COUNTRY, "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. FR"),
    EMAIL(Codes.EMAIL, "must be an e-mail address"),
    PHONE(Codes.PHONE, "must be a phone number in E.164 form, e.g. +33123456789"),
    PLATFORM_ID(Codes.PLATFORM_ID, "must be a platform id of the node's directory (lower-case letters, digits, '-')"),
    REFERENCE(Codes.REFERENCE, "must be a reference of letters, digits and . _ : / -"),
    TEXT(Codes.TEXT, "contains control or bidirectional-override characters, or is too long"),
    TIME_RANGE(Codes.TIME_RANGE, "must start before it ends"),
    IDENTIFIER(Codes.IDENTIFIER, "is not a valid identifier of its type"),
    IDENTIFIER_OBSERVED_AT(Codes.IDENTIFIER_OBSERVED_AT, "an IP address needs the time it was observed (observedAt)"),
    IDENTIFIER_PORT(Codes.IDENTIFIER_PORT, "a port is only allowed with an IP address"),
    PORT(Codes.PORT, "must be a port number from 0 to 65535"),
    ART29_MIN_PERIOD(Codes.ART29_MIN_PERIOD, "Art. 29(7) ETS 185: preservation lasts not less than 60 days"),
    PERIOD_MAX(Codes.PERIOD_MAX, "is longer than the maximum of 3650 days"),
    ART29_MLA_INTENT(Codes.ART29_MLA_INTENT, "Art. 29(2)(f) ETS 185: the request must state the intent to submit a mutual-assistance request"),
    VALUE(Codes.VALUE, "has a value outside the allowed range"),

    // envelope and correlation
    MESSAGE_ID(Codes.MESSAGE_ID, "must be an id of 8 to 100 letters, digits and . _ : -"),
    VERSION(Codes.VERSION, "must be a supported catalogue version of major version 1, e.g. 1.0"),
    PARTY_KIND(Codes.PARTY_KIND, "this kind of party cannot send or receive this message type"),
    CORRELATION_REQUIRED(Codes.CORRELATION_REQUIRED, "this message type answers or follows an earlier message: correlationId is required"),
    CORRELATION_SELF(Codes.CORRELATION_SELF, "correlationId must name an earlier message, not this one"),
    CORRELATION_UNKNOWN(Codes.CORRELATION_UNKNOWN, "correlationId does not name a message known to this node"),
    CORRELATION_FAMILY(Codes.CORRELATION_FAMILY, "correlationId names a message of a type this message cannot follow"),
    DUPLICATE_MESSAGE_ID(Codes.DUPLICATE_MESSAGE_ID, "the message id is used more than once in the batch"),
    DUPLICATE_ITEM_ID(Codes.DUPLICATE_ITEM_ID, "the item id is used more than once in the manifest"),

    // legal rules
    EMERGENCY_FACTS(Codes.EMERGENCY_FACTS,
            "an emergency request must state the facts showing a significant and imminent risk to the life or safety of a person and how the data relate to it"),
    EU_JUDICIAL_AUTHORITY(Codes.EU_JUDICIAL_AUTHORITY,
            "Art. 4(2) Reg. (EU) 2023/1543: traffic data (not for identification only) and content data need a judge, court or investigating judge as issuing or validating authority"),
    EU_VALIDATION_REQUIRED(Codes.EU_VALIDATION_REQUIRED,
            "Art. 4 Reg. (EU) 2023/1543: an order from another competent authority must be validated by a judge, court, investigating judge or prosecutor"),
    EPOC_OFFENCE_THRESHOLD(Codes.EPOC_OFFENCE_THRESHOLD,
            "Art. 5(4) Reg. (EU) 2023/1543: traffic or content data only for offences punishable by a maximum of at least 3 years or for listed offences"),
    EPOC_NOTIFICATION(Codes.EPOC_NOTIFICATION,
            "Art. 8 Reg. (EU) 2023/1543: traffic or content data need notification of the enforcing authority unless offence and person are both in the issuing State"),
    EPOC_DEADLINE(Codes.EPOC_DEADLINE, "Art. 10 Reg. (EU) 2023/1543: the deadline kind does not match the notification and emergency fields"),
    EPOC_PR_EXTENSION_DAYS(Codes.EPOC_PR_EXTENSION_DAYS, "Art. 11(1) Reg. (EU) 2023/1543: a preservation order is extended by exactly 30 days"),
    EPOC_PR_EXTENSION_ONCE(Codes.EPOC_PR_EXTENSION_ONCE, "Art. 11(1) Reg. (EU) 2023/1543: a preservation order can be extended only once"),
    PRESERVATION_PERIOD(Codes.PRESERVATION_PERIOD, "a confirmed preservation must end at least 60 days after it started"),
    PROTOCOL_STATEMENT(Codes.PROTOCOL_STATEMENT, "the request must make this statement required by the Second Additional Protocol (CETS 224)"),
    ART7_NOTIFICATION(Codes.ART7_NOTIFICATION, "Art. 7(4)(g) CETS 224: a simultaneous notification must name the notified authority"),
    ART8_CATEGORY(Codes.ART8_CATEGORY, "Art. 8 CETS 224 covers subscriber information and traffic data only"),
    ART31_EXPEDITED(Codes.ART31_EXPEDITED, "Art. 31(3) ETS 185: an expedited request must say why the data are vulnerable to loss or modification"),
    DOMAIN(Codes.DOMAIN, "must be a domain name, e.g. example.org"),
    REFUSAL_PARTIAL(Codes.REFUSAL_PARTIAL, "a partial refusal must say which part is refused, a full refusal must not"),
    FORM3_CONFLICT(Codes.FORM3_CONFLICT, "Art. 17 Reg. (EU) 2023/1543: reason CONFLICT_OF_LAWS needs the third country and its conflicting law"),
    FORM3_CLARIFICATION(Codes.FORM3_CLARIFICATION, "a request for clarification must ask at least one question"),
    SECURING_PERIOD(Codes.SECURING_PERIOD, "a content preservation order must set a preservation period of 1 to 365 days"),
    REMOVAL_PRESERVATION(Codes.REMOVAL_PRESERVATION, "a removal order must keep the removed content preserved for a limited period of 1 to 366 days"),
    SHA256(Codes.SHA256, "must be a SHA-256 digest as 64 lower-case hexadecimal characters"),
    MEDIA_TYPE(Codes.MEDIA_TYPE, "must be a media type such as image/jpeg (RFC 6838)"),
    PERCEPTUAL_HASH(Codes.PERCEPTUAL_HASH, "a PDQ hash is 64 hexadecimal characters; other algorithms need 1 to 1024 hexadecimal or base64 characters"),
    REMOVAL_HASH(Codes.REMOVAL_HASH, "a removal hash is 64 lower-case hexadecimal characters (PDQ: 256 bits; SHA-256: 256 bits)"),
    REMOVAL_HASH_COUNT(Codes.REMOVAL_HASH_COUNT, "a removal order carries at most 1000 hashes over all its items"),
    ISSUER_KIND(Codes.ISSUER_KIND, "a civil court or an administrative authority (CM/Rec(2026)2 para. 33) issues content removal and securing orders only;"
            + " the orders of Reg. (EU) 2023/1543 are made in criminal proceedings"),
    REMOVAL_TARGET(Codes.REMOVAL_TARGET, "each item of a removal order names its locator, hashes to match, or both"),
    REMOVAL_HOURS(Codes.REMOVAL_HOURS, "removeWithinHours must be 1 to 720 hours (by analogy Reg. (EU) 2021/784 Art. 3(3): one hour)"),
    HASH_LIST_DISTANCE(Codes.HASH_LIST_DISTANCE, "a hash list's matchDistance is 0 to 64 bits (the PDQ documentation recommends 31)"),
    HASH_LIST_REPORT(Codes.HASH_LIST_REPORT, "the figures of a hash list: no more removed than matched, each hash once, per-hash figures adding up to the totals"),
    REMOVAL_REPORT(Codes.REMOVAL_REPORT, "the per-hash figures must name each hash of the order once and add up to hashMatches"),

    // JSON syntax and structure (decoder)
    JSON_MALFORMED(Codes.JSON_MALFORMED, "the body is not well-formed JSON"),
    JSON_DUPLICATE_KEY(Codes.JSON_DUPLICATE_KEY, "a key appears twice in the same object"),
    JSON_UNKNOWN_FIELD(Codes.JSON_UNKNOWN_FIELD, "is not a field of this message type (server-owned fields cannot be set by clients)"),
    JSON_TYPE(Codes.JSON_TYPE, "has the wrong JSON type or an unparseable value"),
    JSON_TIMESTAMP(Codes.JSON_TIMESTAMP, "must be an ISO 8601 timestamp with a zone offset, e.g. 2026-11-24T03:00:00+01:00"),
    JSON_UNKNOWN_MESSAGE_TYPE(Codes.JSON_UNKNOWN_MESSAGE_TYPE, "is not a message type of the catalogue"),
    JSON_LIMIT(Codes.JSON_LIMIT, "exceeds a size or nesting limit"),
    JSON_TRAILING(Codes.JSON_TRAILING, "the body has content after the JSON value"),
    JSON_EMPTY(Codes.JSON_EMPTY, "the body is empty"),
    JSON_ENCODING(Codes.JSON_ENCODING,
            "the body is not well-formed UTF-8 (overlong form, encoded surrogate, invalid or truncated sequence, or a byte order mark)"),

    // XML syntax and structure (decoder)
    XML_EMPTY(Codes.XML_EMPTY, "the body is empty"),
    XML_MALFORMED(Codes.XML_MALFORMED, "the body is not well-formed UTF-8 XML 1.0"),
    XML_ENCODING(Codes.XML_ENCODING, "the body must be well-formed UTF-8 without a byte order mark and declare no other encoding"),
    XML_DOCTYPE(Codes.XML_DOCTYPE, "DOCTYPE declarations, DTDs and entity declarations are not accepted"),
    XML_LIMIT(Codes.XML_LIMIT, "exceeds a size, depth, attribute-count or text-length limit"),
    XML_NAMESPACE(Codes.XML_NAMESPACE, "the root element must be envelope in namespace urn:eevidence:gateway:messages:v1"),
    XML_SCHEMA(Codes.XML_SCHEMA, "does not conform to the message XSD"),
    XML_TYPE(Codes.XML_TYPE, "has a value that cannot be read as its type");

    /** What every code starts with. */
    public static final String PREFIX = "EEG-";
    /** The family of the JSON decoder's codes. */
    public static final String JSON_PREFIX = "EEG-JSON-";
    /** The family of the XML decoder's codes. */
    public static final String XML_PREFIX = "EEG-XML-";

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

    /** Field codes travel in a problem's {@code errors}, never as its status: 0. Same shape as the gateway's ErrorCode. */
    public int status() {
        return 0;
    }

    /** The human message, as title. */
    public String title() {
        return message;
    }

    /** No field code has an alias (all are in the word style). */
    public String alias() {
        return null;
    }

    public static Optional<ValidationCode> byCode(String code) {
        return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }

    /**
     * The codes as compile-time constants, for the Jakarta Validation annotations' {@code message} attributes, which
     * cannot call {@link #code()}.
     */
    public static final class Codes {
        public static final String REQUIRED = "EEG-VAL-REQUIRED";
        public static final String LENGTH = "EEG-VAL-LENGTH";
        public static final String FORMAT = "EEG-VAL-FORMAT";
        public static final String COUNTRY = "EEG-VAL-COUNTRY";
        public static final String EMAIL = "EEG-VAL-EMAIL";
        public static final String PHONE = "EEG-VAL-PHONE";
        public static final String PLATFORM_ID = "EEG-VAL-PLATFORM-ID";
        public static final String REFERENCE = "EEG-VAL-REFERENCE";
        public static final String TEXT = "EEG-VAL-TEXT";
        public static final String TIME_RANGE = "EEG-VAL-TIME-RANGE";
        public static final String IDENTIFIER = "EEG-VAL-IDENTIFIER";
        public static final String IDENTIFIER_OBSERVED_AT = "EEG-VAL-IDENTIFIER-OBSERVED-AT";
        public static final String IDENTIFIER_PORT = "EEG-VAL-IDENTIFIER-PORT";
        public static final String PORT = "EEG-VAL-PORT";
        public static final String ART29_MIN_PERIOD = "EEG-VAL-ART29-MIN-PERIOD";
        public static final String PERIOD_MAX = "EEG-VAL-PERIOD-MAX";
        public static final String ART29_MLA_INTENT = "EEG-VAL-ART29-MLA-INTENT";
        public static final String VALUE = "EEG-VAL-VALUE";
        public static final String MESSAGE_ID = "EEG-VAL-MESSAGE-ID";
        public static final String VERSION = "EEG-VAL-VERSION";
        public static final String PARTY_KIND = "EEG-VAL-PARTY-KIND";
        public static final String CORRELATION_REQUIRED = "EEG-VAL-CORRELATION-REQUIRED";
        public static final String CORRELATION_SELF = "EEG-VAL-CORRELATION-SELF";
        public static final String CORRELATION_UNKNOWN = "EEG-VAL-CORRELATION-UNKNOWN";
        public static final String CORRELATION_FAMILY = "EEG-VAL-CORRELATION-FAMILY";
        public static final String DUPLICATE_MESSAGE_ID = "EEG-VAL-DUPLICATE-MESSAGE-ID";
        public static final String DUPLICATE_ITEM_ID = "EEG-VAL-DUPLICATE-ITEM-ID";
        public static final String EMERGENCY_FACTS = "EEG-VAL-EMERGENCY-FACTS";
        public static final String EU_JUDICIAL_AUTHORITY = "EEG-VAL-EU-JUDICIAL-AUTHORITY";
        public static final String EU_VALIDATION_REQUIRED = "EEG-VAL-EU-VALIDATION-REQUIRED";
        public static final String EPOC_OFFENCE_THRESHOLD = "EEG-VAL-EPOC-OFFENCE-THRESHOLD";
        public static final String EPOC_NOTIFICATION = "EEG-VAL-EPOC-NOTIFICATION";
        public static final String EPOC_DEADLINE = "EEG-VAL-EPOC-DEADLINE";
        public static final String EPOC_PR_EXTENSION_DAYS = "EEG-VAL-EPOC-PR-EXTENSION-DAYS";
        public static final String EPOC_PR_EXTENSION_ONCE = "EEG-VAL-EPOC-PR-EXTENSION-ONCE";
        public static final String PRESERVATION_PERIOD = "EEG-VAL-PRESERVATION-PERIOD";
        public static final String PROTOCOL_STATEMENT = "EEG-VAL-PROTOCOL-STATEMENT";
        public static final String ART7_NOTIFICATION = "EEG-VAL-ART7-NOTIFICATION";
        public static final String ART8_CATEGORY = "EEG-VAL-ART8-CATEGORY";
        public static final String ART31_EXPEDITED = "EEG-VAL-ART31-EXPEDITED-REASON";
        public static final String DOMAIN = "EEG-VAL-DOMAIN";
        public static final String REFUSAL_PARTIAL = "EEG-VAL-REFUSAL-PARTIAL";
        public static final String FORM3_CONFLICT = "EEG-VAL-FORM3-CONFLICT";
        public static final String FORM3_CLARIFICATION = "EEG-VAL-FORM3-CLARIFICATION";
        public static final String REMOVAL_PRESERVATION = "EEG-VAL-REMOVAL-PRESERVATION";
        public static final String SECURING_PERIOD = "EEG-VAL-SECURING-PERIOD";
        public static final String SHA256 = "EEG-VAL-SHA256";
        public static final String MEDIA_TYPE = "EEG-VAL-MEDIA-TYPE";
        public static final String PERCEPTUAL_HASH = "EEG-VAL-PERCEPTUAL-HASH";
        public static final String REMOVAL_HASH = "EEG-VAL-REMOVAL-HASH";
        public static final String REMOVAL_HASH_COUNT = "EEG-VAL-REMOVAL-HASH-COUNT";
        public static final String ISSUER_KIND = "EEG-VAL-ISSUER-KIND";
        public static final String REMOVAL_TARGET = "EEG-VAL-REMOVAL-TARGET";
        public static final String REMOVAL_HOURS = "EEG-VAL-REMOVAL-HOURS";
        public static final String REMOVAL_REPORT = "EEG-VAL-REMOVAL-REPORT";
        public static final String HASH_LIST_DISTANCE = "EEG-VAL-HASH-LIST-DISTANCE";
        public static final String HASH_LIST_REPORT = "EEG-VAL-HASH-LIST-REPORT";
        public static final String JSON_MALFORMED = "EEG-JSON-MALFORMED";
        public static final String JSON_DUPLICATE_KEY = "EEG-JSON-DUPLICATE-KEY";
        public static final String JSON_UNKNOWN_FIELD = "EEG-JSON-UNKNOWN-FIELD";
        public static final String JSON_TYPE = "EEG-JSON-TYPE";
        public static final String JSON_TIMESTAMP = "EEG-JSON-TIMESTAMP";
        public static final String JSON_UNKNOWN_MESSAGE_TYPE = "EEG-JSON-UNKNOWN-MESSAGE-TYPE";
        public static final String JSON_LIMIT = "EEG-JSON-LIMIT";
        public static final String JSON_TRAILING = "EEG-JSON-TRAILING-CONTENT";
        public static final String JSON_EMPTY = "EEG-JSON-EMPTY";
        public static final String JSON_ENCODING = "EEG-JSON-ENCODING";
        public static final String XML_EMPTY = "EEG-XML-EMPTY";
        public static final String XML_MALFORMED = "EEG-XML-MALFORMED";
        public static final String XML_ENCODING = "EEG-XML-ENCODING";
        public static final String XML_DOCTYPE = "EEG-XML-DOCTYPE";
        public static final String XML_LIMIT = "EEG-XML-LIMIT";
        public static final String XML_NAMESPACE = "EEG-XML-NAMESPACE";
        public static final String XML_SCHEMA = "EEG-XML-SCHEMA";
        public static final String XML_TYPE = "EEG-XML-TYPE";

        private Codes() {
        }
    }
}
