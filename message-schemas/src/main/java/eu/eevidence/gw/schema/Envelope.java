package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CrossFieldChecked;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.OffsetDateTime;

/**
 * The top-level message: header fields and one {@link Message} body. The XML form (namespace
 * {@value #NAMESPACE}) is the canonical form that gets signed.
 *
 * @param messageId      unique id of this message (8-100 of letters, digits, {@code . _ : -}; a UUID fits)
 * @param correlationId  the id of the earlier message this one answers or follows; required for lifecycle messages
 * @param version        catalogue version, {@code 1.<minor>}
 * @param sender         who sends
 * @param receiver       who receives
 * @param createdAt      when the sender created the message, with its zone offset
 * @param body           the message
 */
public record Envelope(
        @NotNull(message = ValidationCode.Codes.MESSAGE_ID) @Pattern(regexp = ID, message = ValidationCode.Codes.MESSAGE_ID) String messageId,
        @Pattern(regexp = ID, message = ValidationCode.Codes.MESSAGE_ID) String correlationId,
        @NotNull(message = ValidationCode.Codes.VERSION) @Pattern(regexp = "^1\\.[0-9]{1,3}$", message = ValidationCode.Codes.VERSION) String version,
        @NotNull @Valid Party sender,
        @NotNull @Valid Party receiver,
        @NotNull OffsetDateTime createdAt,
        @NotNull @Valid Message body) implements CrossFieldChecked {

    /** The target namespace of major version 1. */
    public static final String NAMESPACE = "urn:eevidence:gateway:messages:v1";
    /** The version this library writes. */
    public static final String CURRENT_VERSION = "1.0";
    static final String ID = "^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$";

    /** The body's type (null when the body is missing). */
    public MessageType messageType() {
        return body == null ? null : body.type();
    }

    @Override
    public void checkRules(RuleSink sink) {
        MessageType type = messageType();
        if (type == null) {
            return;
        }
        if (sender != null && sender.kind() != null && !type.senders().contains(sender.kind())) {
            sink.fail("sender", ValidationCode.PARTY_KIND);
        }
        if (receiver != null && receiver.kind() != null && !type.receivers().contains(receiver.kind())) {
            sink.fail("receiver", ValidationCode.PARTY_KIND);
        }
        if (type.isLifecycle() && correlationId == null) {
            sink.fail("correlationId", ValidationCode.CORRELATION_REQUIRED);
        }
        if (correlationId != null && correlationId.equals(messageId)) {
            sink.fail("correlationId", ValidationCode.CORRELATION_SELF);
        }
    }
}
