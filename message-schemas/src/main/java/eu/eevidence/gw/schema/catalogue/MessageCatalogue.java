package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.MessageValidator;
import eu.eevidence.gw.schema.validation.ValidationCode;
import eu.eevidence.gw.schema.validation.Violation;
import eu.eevidence.gw.schema.xml.XmlCodec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one entry point to the message catalogue: decode (JSON or XML) with full validation, encode to the
 * canonical forms, check correlation against the node's store, check batches. Thread-safe. Constructing one is
 * cheap: every catalogue uses the same codecs and validator, built once per JVM on first use (the XSD is compiled
 * once, see {@link XmlCodec#loadSchema()}). No method throws on bad input; results carry {@link Violation}s
 * {path, code, message}.
 */
public final class MessageCatalogue {

    private final MessageValidator validator;
    private final JsonCodec json;
    private final XmlCodec xml;

    public MessageCatalogue() {
        this.validator = Shared.VALIDATOR;
        this.json = Shared.JSON;
        this.xml = Shared.XML;
    }

    /** Initialisation-on-demand holder of the immutable, thread-safe parts every catalogue shares. */
    private static final class Shared {
        static final MessageValidator VALIDATOR = new MessageValidator();
        static final JsonCodec JSON = new JsonCodec(VALIDATOR);
        static final XmlCodec XML = new XmlCodec(VALIDATOR);
    }

    /** Strict JSON: unknown fields, duplicate keys, local times, trailing content rejected; bounded. */
    public Decoded decodeJson(byte[] body) {
        return json.decodeEnvelope(body);
    }

    /** Hardened XML validated against the v1 XSD, then the same rules as JSON. */
    public Decoded decodeXml(byte[] body) {
        return xml.decode(body);
    }

    /** {@link #decodeJson(byte[])} plus {@link #checkCorrelation}. */
    public Decoded decodeJson(byte[] body, CorrelationLookup lookup) {
        return withCorrelation(decodeJson(body), lookup);
    }

    /** {@link #decodeXml(byte[])} plus {@link #checkCorrelation}. */
    public Decoded decodeXml(byte[] body, CorrelationLookup lookup) {
        return withCorrelation(decodeXml(body), lookup);
    }

    /** Canonical JSON: sorted keys, no nulls, no white space. */
    public byte[] encodeJson(Envelope envelope) {
        return json.canonical(envelope);
    }

    /** Canonical XML (the form that gets signed). */
    public byte[] encodeXml(Envelope envelope) {
        return xml.encode(envelope);
    }

    /** The rules alone, for envelopes the node builds itself (answers, relayed messages). */
    public List<Violation> validate(Envelope envelope) {
        return validator.validate(envelope);
    }

    /**
     * Rules that need the node's store: the message id is new; the correlationId names a known message of a
     * type this one may follow; an EPOC-PR is extended (Annex VI) only once.
     */
    public List<Violation> checkCorrelation(Envelope envelope, CorrelationLookup lookup) {
        List<Violation> out = new ArrayList<>();
        if (envelope.messageId() != null && lookup.typeOf(envelope.messageId()).isPresent()) {
            out.add(Violation.of("$.messageId", ValidationCode.DUPLICATE_MESSAGE_ID));
        }
        MessageType type = envelope.messageType();
        if (envelope.correlationId() != null && type != null) {
            Optional<MessageType> target = lookup.typeOf(envelope.correlationId());
            if (target.isEmpty()) {
                out.add(Violation.of("$.correlationId", ValidationCode.CORRELATION_UNKNOWN));
            } else if (!type.correlationTargets().contains(target.get())) {
                out.add(Violation.of("$.correlationId", ValidationCode.CORRELATION_FAMILY));
            } else if (type == MessageType.EU_ANNEX6_EXTENSION
                    && lookup.countCorrelated(envelope.correlationId(), MessageType.EU_ANNEX6_EXTENSION) > 0) {
                out.add(Violation.of("$.body", ValidationCode.EPOC_PR_EXTENSION_ONCE));
            }
        }
        return List.copyOf(out);
    }

    /** Message ids must be unique within a batch; reports {@code $[i].messageId} for every repeat. */
    public List<Violation> checkBatch(List<Envelope> batch) {
        List<Violation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            String id = batch.get(i).messageId();
            if (id != null && !seen.add(id)) {
                out.add(Violation.of("$[" + i + "].messageId", ValidationCode.DUPLICATE_MESSAGE_ID));
            }
        }
        return List.copyOf(out);
    }

    /** Classpath resource of the v1 XSD (for publishing it, e.g. at GET /schemas/v1.xsd). */
    public static String xsdResource() {
        return XmlCodec.XSD_RESOURCE;
    }

    private Decoded withCorrelation(Decoded decoded, CorrelationLookup lookup) {
        if (decoded instanceof Decoded.Valid valid) {
            List<Violation> found = checkCorrelation(valid.envelope(), lookup);
            return found.isEmpty() ? decoded : new Decoded.Invalid(found);
        }
        return decoded;
    }
}
