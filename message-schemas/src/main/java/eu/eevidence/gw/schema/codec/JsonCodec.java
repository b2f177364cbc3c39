package eu.eevidence.gw.schema.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.validation.MessageValidator;
import eu.eevidence.gw.schema.validation.ValidationCode;
import eu.eevidence.gw.schema.validation.Violation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Strict JSON reading and canonical JSON writing of catalogue messages.
 * <ul>
 *   <li>duplicate keys, unknown fields, trailing content, scalar coercions and timestamps without an
 *       offset are rejected, each with its own code;</li>
 *   <li>bounded: nesting depth 32, strings of 64 Ki characters, numbers of 20 digits, and the caller bounds
 *       the body size;</li>
 *   <li>{@link #canonical(EvidenceRequest)} writes properties sorted by name, no nulls, no white space:
 *       the bytes that get signed and hashed.</li>
 * </ul>
 * Thread-safe.
 */
public final class JsonCodec {

    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_STRING_LENGTH = 65_536;

    private final ObjectMapper reader;
    private final ObjectMapper writer;
    private final MessageValidator validator;

    public JsonCodec() {
        this(new MessageValidator());
    }

    public JsonCodec(MessageValidator validator) {
        this.validator = validator;
        this.reader = strictMapper();
        this.writer = canonicalMapper();
    }

    /** A mapper with the catalogue's strict reading rules, for other JSON the node reads (receipts, config). */
    public static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .disable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT)
                // no scalar coercion at all: 90.5 or 9E1 is not an integer, "90" is not a number, "true" not a boolean, 1 not a string
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(new JavaTimeModule())
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(20)
                .build());
        return mapper;
    }

    /** Sorted keys, no nulls, ISO-8601 timestamps as given: deterministic bytes for signing. */
    public static ObjectMapper canonicalMapper() {
        return JsonMapper.builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(new JavaTimeModule())
                .build();
    }

    /** Reads and validates a request; never throws on bad input. */
    public DecodeResult decodeRequest(byte[] json) {
        if (json == null || json.length == 0) {
            return new DecodeResult.Invalid(List.of(Violation.of("$", ValidationCode.JSON_EMPTY)));
        }
        Violation encoding = encodingViolation(json);
        if (encoding != null) {
            return new DecodeResult.Invalid(List.of(encoding));
        }
        EvidenceRequest request;
        try {
            request = reader.readValue(json, EvidenceRequest.class);
        } catch (IOException e) {
            return new DecodeResult.Invalid(List.of(toViolation(e)));
        } catch (RuntimeException e) {
            return new DecodeResult.Invalid(List.of(Violation.of("$", ValidationCode.JSON_TYPE)));
        }
        if (request == null) {
            return new DecodeResult.Invalid(List.of(Violation.of("$", ValidationCode.JSON_EMPTY)));
        }
        List<Violation> violations = validator.validate(request);
        return violations.isEmpty() ? new DecodeResult.Valid(request) : new DecodeResult.Invalid(violations);
    }

    /** Upper bound of an enveloped JSON message in bytes (an execution report with 10,000 manifest items fits). */
    public static final int MAX_ENVELOPE_BYTES = 8 * 1024 * 1024;

    /** Reads and validates an enveloped catalogue message; never throws on bad input. */
    public Decoded decodeEnvelope(byte[] json) {
        if (json == null || json.length == 0) {
            return new Decoded.Invalid(List.of(Violation.of("$", ValidationCode.JSON_EMPTY)));
        }
        if (json.length > MAX_ENVELOPE_BYTES) {
            return new Decoded.Invalid(List.of(Violation.of("$", ValidationCode.JSON_LIMIT)));
        }
        Violation encoding = encodingViolation(json);
        if (encoding != null) {
            return new Decoded.Invalid(List.of(encoding));
        }
        Envelope envelope;
        try {
            envelope = reader.readValue(json, Envelope.class);
        } catch (IOException e) {
            return new Decoded.Invalid(List.of(toViolation(e)));
        } catch (RuntimeException e) {
            return new Decoded.Invalid(List.of(Violation.of("$", ValidationCode.JSON_TYPE)));
        }
        if (envelope == null) {
            return new Decoded.Invalid(List.of(Violation.of("$", ValidationCode.JSON_EMPTY)));
        }
        List<Violation> violations = validator.validate(envelope);
        return violations.isEmpty() ? new Decoded.Valid(envelope) : new Decoded.Invalid(violations);
    }

    /**
     * {@code EEG-JSON-ENCODING} when the bytes are not strict UTF-8 (RFC 3629; overlong forms, encoded surrogates,
     * invalid or truncated sequences), look like UTF-16/32 ({@link Utf8#looksUtf16Or32}) or start with a byte order mark (RFC 8259 section 8.1: JSON text exchanged
     * between systems is UTF-8 without a BOM); null when they are fine. Checked before Jackson sees the bytes, whose
     * decoder is lenient about some of these.
     */
    public static Violation encodingViolation(byte[] json) {
        if (Utf8.looksUtf16Or32(json)) { // Jackson would detect UTF-16/32 from the NUL pattern and read it
            return new Violation("$", ValidationCode.JSON_ENCODING.code(), "the body is UTF-16 or UTF-32; send UTF-8 without a byte order mark");
        }
        if (Utf8.hasBom(json)) {
            return new Violation("$", ValidationCode.JSON_ENCODING.code(), "the body starts with a byte order mark; send UTF-8 without one");
        }
        int bad = Utf8.firstInvalid(json);
        return bad < 0 ? null : new Violation("$", ValidationCode.JSON_ENCODING.code(),
                "the body is not well-formed UTF-8 at byte " + bad + " (overlong form, encoded surrogate, invalid or truncated sequence)");
    }

    /** The canonical JSON bytes of an envelope: sorted keys, no nulls, no white space, offsets as given. */
    public byte[] canonical(Envelope envelope) {
        try {
            return writer.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical bytes of a request. */
    public byte[] canonical(EvidenceRequest request) {
        try {
            return writer.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Violation toViolation(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException) {
                return Violation.of("$", ValidationCode.JSON_LIMIT);
            }
            if (t instanceof JsonParseException jpe && t != e) {
                return toViolation(jpe);
            }
            if (t instanceof java.io.CharConversionException) {
                return Violation.of("$", ValidationCode.JSON_MALFORMED);
            }
        }
        if (e instanceof JsonParseException jpe) {
            String msg = String.valueOf(jpe.getOriginalMessage());
            if (msg.startsWith("Duplicate field")) {
                return Violation.of("$", ValidationCode.JSON_DUPLICATE_KEY);
            }
            return Violation.of("$", ValidationCode.JSON_MALFORMED);
        }
        if (e instanceof JsonMappingException jme) {
            String path = path(jme);
            if (jme.getCause() instanceof StreamConstraintsException) {
                return Violation.of(path, ValidationCode.JSON_LIMIT);
            }
            if (e instanceof UnrecognizedPropertyException) {
                return Violation.of(path, ValidationCode.JSON_UNKNOWN_FIELD);
            }
            if (e instanceof InvalidTypeIdException && String.valueOf(jme.getOriginalMessage()).contains("missing type id")) {
                return Violation.of(typePath(path), ValidationCode.REQUIRED);
            }
            if (e instanceof InvalidTypeIdException) {
                return Violation.of(typePath(path), ValidationCode.JSON_UNKNOWN_MESSAGE_TYPE);
            }
            if (e instanceof InvalidFormatException ife && ife.getTargetType() == OffsetDateTime.class) {
                return Violation.of(path, ValidationCode.JSON_TIMESTAMP);
            }
            if (e instanceof MismatchedInputException mie) {
                if (mie.getTargetType() == OffsetDateTime.class) {
                    return Violation.of(path, ValidationCode.JSON_TIMESTAMP);
                }
                String msg = String.valueOf(mie.getOriginalMessage());
                if (msg.startsWith("Trailing token")) {
                    return Violation.of("$", ValidationCode.JSON_TRAILING);
                }
                if (msg.contains("missing type id") || msg.contains("missing property 'type'")) {
                    return Violation.of(typePath(path), ValidationCode.REQUIRED);
                }
                if (msg.startsWith("No content to map")) {
                    return Violation.of("$", ValidationCode.JSON_EMPTY);
                }
            }
            if (jme.getCause() instanceof java.time.DateTimeException) {
                return Violation.of(path, ValidationCode.JSON_TIMESTAMP);
            }
            return Violation.of(path, ValidationCode.JSON_TYPE);
        }
        return Violation.of("$", ValidationCode.JSON_MALFORMED);
    }

    private static String typePath(String path) {
        return path.endsWith(".type") ? path : path + ".type";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** For tests and tools: the parser feature set in force. */
    boolean strictDuplicates() {
        return reader.getFactory().isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
