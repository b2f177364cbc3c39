package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.intake.IntakeResult;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.gateway.api.RequestResource;
import eu.eevidence.gw.pki.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.Violation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import eu.eevidence.gw.gateway.api.ApiError;

/**
 * Submits a filled request form the API's own way: the form becomes exactly the JSON document {@code POST /api/v1/requests}
 * takes ({@link FormDocument}), sent with the caller's {@link ClientIdentity} and the form's idempotency key as the
 * {@code Idempotency-Key} either to the API resource itself, in-process ({@link #throughApi(RequestResource)}, what the node's
 * console does), or to the {@link IntakeService} that resource calls ({@link #FormSubmission(IntakeService)}, for tests
 * without HTTP). So the console accepts, refuses, replays and stores exactly as the API does: the same validation and
 * {@code EEG-VAL-*} codes, the same role check, nothing stored on any error, and one request per key (the same key with the
 * same content returns the first request).
 */
public final class FormSubmission {

    /** The roles that may submit requests (as {@code RequestResource.SUBMITTERS}). */
    public static final Set<Role> SUBMITTERS = eu.eevidence.gw.gateway.intake.IssuerScope.SUBMITTERS;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST_ID = Pattern.compile("REQ-[0-9A-Z]{10,40}");

    /** Where a document goes: the API resource or its intake service. */
    @FunctionalInterface
    interface Api {
        Outcome submit(ClientIdentity client, byte[] json, String idempotencyKey);
    }

    private final Api api;
    private final JsonCodec codec = new JsonCodec();

    /** Submits to the intake service the API resource calls (no HTTP; unit tests). */
    public FormSubmission(IntakeService intake) {
        Objects.requireNonNull(intake, "intake");
        this.api = (client, json, key) -> fromIntake(intake.submit(client, json, key, PayloadFormat.JSON));
    }

    private FormSubmission(Api api) {
        this.api = api;
    }

    /**
     * Submits to the API resource {@code POST /api/v1/requests} in-process, within the console's request (the resource reads
     * the same client certificate from {@code ClientCertificateFilter}): its answer is mapped back (201/200, 400/422 with
     * {@code errors}, 409, 403, 503).
     */
    public static FormSubmission throughApi(RequestResource resource) {
        Objects.requireNonNull(resource, "resource");
        return new FormSubmission((client, json, key) -> {
            try {
                return fromApi(resource.submit("application/json; charset=utf-8", key, new ByteArrayInputStream(json)));
            } catch (IOException e) {
                return new Refused(500, ApiError.INTERNAL.code(), "the form could not be read");
            }
        });
    }

    /** What became of a submitted form. */
    public sealed interface Outcome {
    }

    /** Stored (or, for a key used before with the same content, the request stored then: {@code replayed}). */
    public record Created(String requestId, boolean replayed) implements Outcome {
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
            return new Refused(403, ApiError.AUTH_ROLE.code(),
                    "submitting requests needs the role CONTACT_POINT, JUDICIAL_AUTHORITY, CIVIL_COURT or ADMINISTRATIVE_AUTHORITY");
        }
        FormDocument.Built built = FormDocument.build(model, values);
        if (!built.conversionErrors().isEmpty()) {
            return new Invalid(withRules(built));
        }
        return api.submit(client, built.bytes(), values.idempotencyKey());
    }

    static Outcome fromIntake(IntakeResult result) {
        if (result instanceof IntakeResult.Created c) {
            return new Created(c.request().id(), false);
        }
        if (result instanceof IntakeResult.Replayed r) {
            return new Created(r.request().id(), true);
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

    /** The API resource's answer as an outcome (its JSON view or its problem details). */
    static Outcome fromApi(Response r) {
        JsonNode body;
        try {
            body = r.getEntity() instanceof String s ? JSON.readTree(s) : JSON.createObjectNode();
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        int status = r.getStatus();
        if ((status == 201 || status == 200) && body.hasNonNull("id")) {
            return new Created(body.get("id").asText(), status == 200);
        }
        String code = body.path("code").asText(ApiError.HTTP.withStatus(status));
        String detail = body.path("detail").asText("");
        if ((status == 400 || status == 422) && body.path("errors").isArray() && !body.path("errors").isEmpty()) {
            List<Violation> found = new ArrayList<>();
            for (JsonNode e : body.path("errors")) {
                found.add(new Violation(e.path("path").asText("$"), e.path("code").asText(code), e.path("message").asText("")));
            }
            return new Invalid(found);
        }
        if (status == 409 && code.equals(ApiError.REQ_IDEMPOTENCY_CONFLICT.code())) {
            Matcher m = REQUEST_ID.matcher(detail);
            if (m.find()) {
                return new Conflict(m.group());
            }
        }
        return new Refused(status, code, detail);
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
