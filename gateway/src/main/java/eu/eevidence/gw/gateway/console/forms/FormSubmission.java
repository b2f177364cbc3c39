package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.intake.IntakeResult;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.Violation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Submits a filled request form through the API's own intake: the form becomes exactly the JSON document
 * {@code POST /api/v1/requests} takes ({@link FormDocument}), sent to the same {@link IntakeService} with the caller's
 * {@link ClientIdentity} and the form's idempotency key as the {@code Idempotency-Key}. So the console accepts, refuses,
 * replays and stores exactly as the API does: the same validation and {@code EEG-VAL-*} codes, the same role check, nothing
 * stored on any error, and one request per key (the same key with the same content returns the first request).
 */
public final class FormSubmission {

    /** The roles that may submit requests (as {@code RequestResource.SUBMITTERS}). */
    public static final Set<Role> SUBMITTERS = Set.of(Role.CONTACT_POINT, Role.JUDICIAL_AUTHORITY);

    private final IntakeService intake;
    private final JsonCodec codec = new JsonCodec();

    public FormSubmission(IntakeService intake) {
        this.intake = Objects.requireNonNull(intake, "intake");
    }

    /** What became of a submitted form. */
    public sealed interface Outcome {
    }

    /** Stored (or, for a key used before with the same content, the request stored then: {@code replayed}). */
    public record Created(RequestRecord request, boolean replayed) implements Outcome {
    }

    /** Not acceptable; nothing stored. The violations carry the API's paths ({@code $.offence.description}) and codes. */
    public record Invalid(List<Violation> violations) implements Outcome {
        public Invalid {
            violations = List.copyOf(violations);
        }
    }

    /** The form's key was used before with other content (the API's 409 EEG-REQ-IDEMPOTENCY-CONFLICT); nothing stored. */
    public record Conflict(String existingRequestId) implements Outcome {
    }

    /** Refused for who sent it (403), or the node could not store it now (503, retry with the same key); nothing stored. */
    public record Refused(int status, String code, String message) implements Outcome {
    }

    public Outcome submit(ClientIdentity client, FormModel model, FormValues values) {
        if (!client.hasAnyRole(SUBMITTERS)) {
            return new Refused(403, "EEG-AUTH-ROLE", "submitting requests needs the role CONTACT_POINT or JUDICIAL_AUTHORITY");
        }
        FormDocument.Built built = FormDocument.build(model, values);
        if (!built.conversionErrors().isEmpty()) {
            return new Invalid(withRules(built));
        }
        IntakeResult result = intake.submit(client, built.bytes(), values.idempotencyKey(), PayloadFormat.JSON);
        if (result instanceof IntakeResult.Created c) {
            return new Created(c.request(), false);
        }
        if (result instanceof IntakeResult.Replayed r) {
            return new Created(r.request(), true);
        }
        if (result instanceof IntakeResult.Invalid i) {
            return new Invalid(i.violations());
        }
        if (result instanceof IntakeResult.Conflict c) {
            return new Conflict(c.existingRequestId());
        }
        if (result instanceof IntakeResult.Refused r) {
            return new Refused(r.status(), r.code(), r.detail());
        }
        IntakeResult.Unavailable u = (IntakeResult.Unavailable) result;
        return new Refused(503, u.code(), u.reason());
    }

    /** The document as the API would read it, without submitting it (nothing stored): its violations, or none. */
    public List<Violation> check(FormModel model, FormValues values) {
        FormDocument.Built built = FormDocument.build(model, values);
        if (!built.conversionErrors().isEmpty()) {
            return withRules(built);
        }
        DecodeResult r = codec.decodeRequest(built.bytes());
        return r instanceof DecodeResult.Invalid inv ? inv.violations() : List.of();
    }

    /** The JSON document a filled form stands for, and the values that could not be converted (each with the API's code and path). */
    public record Document(com.fasterxml.jackson.databind.node.ObjectNode json, List<Violation> conversionErrors) {
    }

    /** The document of a filled form without submitting it (e.g. an answer's body, which travels in an envelope). */
    public static Document documentOf(FormModel model, FormValues values) {
        FormDocument.Built b = FormDocument.build(model, values);
        return new Document(b.document(), b.conversionErrors());
    }

    /** The exact bytes the form is submitted as (the API's JSON). */
    public static byte[] document(FormModel model, FormValues values) {
        return FormDocument.build(model, values).bytes();
    }

    /**
     * The conversion errors plus what the API's validator says about the rest of the document (the unconvertible values left
     * out), so that every error is shown at once; a field's "required" is dropped where its value could not be converted.
     */
    private List<Violation> withRules(FormDocument.Built built) {
        List<Violation> all = new ArrayList<>(built.conversionErrors());
        Set<String> converted = built.conversionErrors().stream().map(Violation::path).collect(Collectors.toSet());
        DecodeResult r = codec.decodeRequest(built.bytes());
        if (r instanceof DecodeResult.Invalid inv) {
            for (Violation v : inv.violations()) {
                if (!converted.contains(v.path())) {
                    all.add(v);
                }
            }
        }
        all.sort(Comparator.comparing(Violation::path).thenComparing(Violation::code));
        return all;
    }
}
