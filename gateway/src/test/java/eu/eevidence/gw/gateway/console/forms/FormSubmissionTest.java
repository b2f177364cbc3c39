package eu.eevidence.gw.gateway.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.intake.DeliveryQueue;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.intake.Sealer;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filled form becomes exactly the API's document and goes through the API's intake: every request type's form is accepted
 * by the API's validator, an invalid form's errors land beside their fields with the API's codes and nothing is stored, and
 * one idempotency key makes one request.
 */
class FormSubmissionTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T02:00:00Z"), ZoneOffset.UTC);
    private static final ClientIdentity CP = new ClientIdentity("cd".repeat(32), "CN=cp", Set.of(Role.CONTACT_POINT));
    private static final AtomicInteger DB = new AtomicInteger();
    private static X509Certificate platformCert;

    private Database db;
    private RequestRepository repo;
    private final List<String> queued = new CopyOnWriteArrayList<>();
    private FormSubmission forms;

    @BeforeAll
    static void pki(@TempDir Path dir) throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir, Clock.systemUTC());
        platformCert = pki.issue(new IssueRequest("p", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(1), true, false)).certificate();
    }

    @BeforeEach
    void database() {
        db = Database.open("jdbc:h2:mem:forms" + DB.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        repo = new RequestRepository(db);
        PlatformRoutes directory = new PlatformRoutes(List.of(new Platform("demo-platform", "json-portal", URI.create("https://127.0.0.1:1/"),
                platformCert, null)));
        Sealer sealer = (content, recipient) -> ("sealed:" + content.length).getBytes();
        DeliveryQueue queue = (platform, message) -> queued.add(platform);
        forms = new FormSubmission(new IntakeService(new JsonCodec(), repo, directory, sealer, queue, CLOCK));
    }

    @AfterEach
    void close() {
        db.close();
    }

    // ---- negative cases first

    @Test
    void anEmptyFormShowsEveryMissingFieldBesideItWithTheApiCodeAndStoresNothing() throws Exception {
        FormModel model = FormModel.of(MessageType.BUDAPEST_ART29_PRESERVATION).orElseThrow();
        FormValues posted = new FormValues(Map.of(FormValues.KEY, List.of("k-empty")));
        FormSubmission.Outcome o = forms.submit(CP, model, posted);
        assertThat(o).isInstanceOf(FormSubmission.Invalid.class);
        List<Violation> v = ((FormSubmission.Invalid) o).violations();
        assertThat(v).extracting(Violation::path).contains("$.necessity", "$.requestingAuthority.name", "$.requestingAuthority.contactEmail",
                "$.offence.summaryOfFacts", "$.identifiers[0].type", "$.identifiers[0].value", "$.mutualAssistanceIntent.intended",
                "$.dataToPreserve.categories");
        assertThat(v).extracting(Violation::code).containsOnly("EEG-VAL-REQUIRED");
        assertThat(rows()).isZero();
        assertThat(queued).isEmpty();

        FormPage page = FormPage.withErrors(model, posted, v);
        assertThat(page.idempotencyKey()).as("nothing stored: the same key is kept").isEqualTo("k-empty");
        FormPage.Row necessity = row(page, "necessity");
        assertThat(necessity.errors()).extracting(Violation::code).containsExactly("EEG-VAL-REQUIRED");
        assertThat(necessity.describedBy()).isEqualTo("f-necessity-help f-necessity-error");
        assertThat(row(page, "identifiers[0].value").errors()).extracting(Violation::code).containsExactly("EEG-VAL-REQUIRED");
        assertThat(page.summary()).hasSize(v.size());
        assertThat(page.summary()).anySatisfy(s -> {
            assertThat(s.target()).isEqualTo("f-necessity");
            assertThat(s.code()).isEqualTo("EEG-VAL-REQUIRED");
        });
        // a set of check boxes is linked through its first box
        assertThat(page.summary()).anySatisfy(s -> assertThat(s.target()).isEqualTo("f-dataToPreserve-categories-0"));
    }

    @Test
    void ruleAndTypeErrorsAreAllShownAtOnceWithTheCodesOfTheApi() throws Exception {
        FormModel model = FormModel.of(MessageType.BUDAPEST_ART29_PRESERVATION).orElseThrow();
        Map<String, List<String>> p = new HashMap<>(FormFixtures.posted(FormFixtures.validBody(model.type()), "k-bad"));
        p.put("preservationDays", List.of("thirty"));
        p.put("identifiers[1].observedAt", List.of("2026-11-21T22:14")); // a local time without its zone
        p.put("requestingAuthority.contactPhone", List.of("0140972000"));
        p.put("mutualAssistanceIntent.intended", List.of("false"));
        FormSubmission.Outcome o = forms.submit(CP, model, new FormValues(p));
        List<Violation> v = ((FormSubmission.Invalid) o).violations();
        assertThat(v).extracting(x -> x.path() + " " + x.code()).containsExactlyInAnyOrder(
                "$.preservationDays EEG-JSON-TYPE",
                "$.identifiers[1].observedAt EEG-JSON-TIMESTAMP",
                "$.requestingAuthority.contactPhone EEG-VAL-PHONE",
                "$.mutualAssistanceIntent.intended EEG-VAL-ART29-MLA-INTENT");
        FormPage page = FormPage.withErrors(model, new FormValues(p), v);
        assertThat(row(page, "preservationDays").errors()).extracting(Violation::code).containsExactly("EEG-JSON-TYPE");
        assertThat(row(page, "preservationDays").value()).as("the posted value is shown again").isEqualTo("thirty");
        assertThat(row(page, "identifiers[1].observedAt").errors()).extracting(Violation::code).containsExactly("EEG-JSON-TIMESTAMP");
        assertThat(rows()).isZero();

        // through the intake: a rule of the API only (Art. 29(7) minimum) comes back on its field
        p.put("preservationDays", List.of("30"));
        p.remove("identifiers[1].observedAt");
        p.put("identifiers[1].observedAt", List.of("2026-11-21T22:14"));
        p.put(FormValues.ZONE + "identifiers[1].observedAt", List.of("Europe/Paris"));
        p.put("requestingAuthority.contactPhone", List.of("+33140972000"));
        p.put("mutualAssistanceIntent.intended", List.of("true"));
        FormSubmission.Outcome o2 = forms.submit(CP, model, new FormValues(p));
        assertThat(((FormSubmission.Invalid) o2).violations()).extracting(x -> x.path() + " " + x.code())
                .containsExactly("$.preservationDays EEG-VAL-ART29-MIN-PERIOD");
        assertThat(rows()).isZero();
    }

    @Test
    void aGroupRuleLandsOnTheGroupAndAnUnknownPathStaysInTheSummary() throws Exception {
        FormModel model = FormModel.of(MessageType.BUDAPEST_ART29_PRESERVATION).orElseThrow();
        List<Violation> v = List.of(new Violation("$.dataToPreserve.timeRange.ordered", "EEG-VAL-TIME-RANGE", "must start before it ends"),
                new Violation("$.type", "EEG-REQ-NO-ROUTE", "no route"));
        FormPage page = FormPage.withErrors(model, FormValues.empty(), v);
        assertThat(row(page, "dataToPreserve.timeRange").kind()).isEqualTo(FormPage.RowKind.GROUP_START);
        assertThat(row(page, "dataToPreserve.timeRange").errors()).extracting(Violation::code).containsExactly("EEG-VAL-TIME-RANGE");
        assertThat(page.summary()).extracting(FormPage.SummaryItem::target).containsExactly("f-dataToPreserve-timeRange", null);
    }

    @Test
    void aRoleThatMayNotSubmitIsRefusedLikeAtTheApi() throws Exception {
        ClientIdentity platform = new ClientIdentity("ef".repeat(32), "CN=p", Set.of(Role.PLATFORM));
        FormModel model = FormModel.of(MessageType.BUDAPEST_ART29_PRESERVATION).orElseThrow();
        FormSubmission.Outcome o = forms.submit(platform, model, new FormValues(FormFixtures.posted(FormFixtures.validBody(model.type()), "k-p")));
        assertThat(o).isEqualTo(new FormSubmission.Refused(403, "EEG-AUTH-ROLE",
                "submitting requests needs the role CONTACT_POINT, JUDICIAL_AUTHORITY, CIVIL_COURT or ADMINISTRATIVE_AUTHORITY"));
        assertThat(rows()).isZero();
    }

    @Test
    void aRegulatorsProductionOrderIsRefusedForItsScope() throws Exception {
        ClientIdentity regulator = new ClientIdentity("ab".repeat(32), "CN=regulator", Set.of(Role.ADMINISTRATIVE_AUTHORITY));
        FormModel model = FormModel.of(MessageType.EU_EPOC).orElseThrow();
        FormSubmission.Outcome o = forms.submit(regulator, model, new FormValues(FormFixtures.posted(FormFixtures.validBody(model.type()), "k-r")));
        assertThat(o).isInstanceOfSatisfying(FormSubmission.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("EEG-AUTH-ISSUER-SCOPE");
        });
        assertThat(rows()).isZero();
    }

    // ---- positive cases

    @Test
    void aFilledFormOfEveryRequestTypeIsExactlyADocumentTheApiAccepts() throws Exception {
        JsonCodec codec = new JsonCodec();
        List<String> failures = new ArrayList<>();
        for (MessageType t : FormModel.requestTypes()) {
            FormModel model = FormModel.of(t).orElseThrow();
            JsonNode body = FormFixtures.validBody(t);
            FormValues posted = new FormValues(FormFixtures.posted(body, "k"));
            List<Violation> problems = forms.check(model, posted);
            if (!problems.isEmpty()) {
                failures.add(t + ": " + problems);
                continue;
            }
            byte[] doc = FormSubmission.document(model, posted);
            DecodeResult fromForm = codec.decodeRequest(doc);
            DecodeResult original = codec.decodeRequest(FormFixtures.JSON.writeValueAsBytes(body));
            assertThat(fromForm).as(t.name()).isInstanceOf(DecodeResult.Valid.class);
            // the same request as the API's own sample, canonically
            assertThat(new String(codec.canonical(((DecodeResult.Valid) fromForm).request())))
                    .as(t.name()).isEqualTo(new String(codec.canonical(((DecodeResult.Valid) original).request())));
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aBrowserDateTimeIsSentWithTheOffsetOfItsZone() {
        assertThat(FormDocument.timestampText("2026-11-24T03:12", "Europe/Paris")).isEqualTo("2026-11-24T03:12:00+01:00");
        assertThat(FormDocument.timestampText("2026-07-24T03:12", "Europe/Paris")).isEqualTo("2026-07-24T03:12:00+02:00");
        assertThat(FormDocument.timestampText("2026-11-24T03:12:00Z", "")).isEqualTo("2026-11-24T03:12:00Z");
        assertThat(FormDocument.timestampText("2026-11-24T03:12", "")).isNull();
        assertThat(FormDocument.timestampText("2026-11-24T03:12", "Mars/Olympus")).isNull();
    }

    @Test
    void theSameKeyTwiceCreatesOneRequestAndReturnsTheFirst() throws Exception {
        FormModel model = FormModel.of(MessageType.BUDAPEST_ART29_PRESERVATION).orElseThrow();
        FormValues posted = new FormValues(FormFixtures.posted(FormFixtures.validBody(model.type()), "form-key-1"));
        FormSubmission.Outcome first = forms.submit(CP, model, posted);
        FormSubmission.Outcome second = forms.submit(CP, model, posted);
        assertThat(first).isInstanceOfSatisfying(FormSubmission.Created.class, c -> assertThat(c.replayed()).isFalse());
        assertThat(second).isInstanceOfSatisfying(FormSubmission.Created.class, c -> {
            assertThat(c.replayed()).isTrue();
            assertThat(c.requestId()).isEqualTo(((FormSubmission.Created) first).requestId());
        });
        assertThat(rows()).isEqualTo(1);
        assertThat(queued).hasSize(1);

        // the same key with other content (edited after sending) is a conflict naming the first request; still one request
        Map<String, List<String>> edited = new HashMap<>(posted.posted());
        edited.put("necessity", List.of("edited after sending"));
        FormSubmission.Outcome third = forms.submit(CP, model, new FormValues(edited));
        assertThat(third).isEqualTo(new FormSubmission.Conflict(((FormSubmission.Created) first).requestId()));
        assertThat(rows()).isEqualTo(1);

        // a new form (new key) is a new request
        FormValues other = new FormValues(FormFixtures.posted(FormFixtures.validBody(model.type()), FormPage.newKey()));
        assertThat(forms.submit(CP, model, other)).isInstanceOf(FormSubmission.Created.class);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void aRepeatedGroupGrowsOnRequestAndEmptyInstancesAreLeftOut() throws Exception {
        FormModel model = FormModel.of(MessageType.BUDAPEST_ART29_PRESERVATION).orElseThrow();
        Map<String, List<String>> p = new HashMap<>(FormFixtures.posted(FormFixtures.validBody(model.type()), "k-add"));
        p.put(FormValues.ADD, List.of("identifiers"));
        FormPage page = FormPage.withErrors(model, new FormValues(p), List.of());
        assertThat(page.rows()).anySatisfy(r -> assertThat(r.name()).isEqualTo("identifiers[2].value"));
        // the third, empty instance is not part of the document
        assertThat(forms.check(model, new FormValues(p))).isEmpty();
        assertThat(FormFixtures.JSON.readTree(FormSubmission.document(model, new FormValues(p))).get("identifiers")).hasSize(2);
        assertThat(FormPage.blank(model, new FormValues(Map.of(FormValues.COUNT + "identifiers", List.of("3")))).rows())
                .anySatisfy(r -> assertThat(r.name()).isEqualTo("identifiers[2].type"));
        assertThat(FormPage.blank(model, FormValues.empty()).idempotencyKey()).matches("^form-[A-Za-z0-9_-]{22}$")
                .isNotEqualTo(FormPage.blank(model, FormValues.empty()).idempotencyKey());
    }

    @Test
    void theApiResourcesAnswersMapToTheSameOutcomes() {
        String problem = eu.eevidence.gw.gateway.http.Problems.of(422, "EEG-REQ-INVALID", "Invalid request", "the request breaks the rules",
                List.of(new Violation("$.necessity", "EEG-VAL-REQUIRED", "is required"))).getEntity().toString();
        assertThat(FormSubmission.fromApi(jakarta.ws.rs.core.Response.status(422).entity(problem).build()))
                .isEqualTo(new FormSubmission.Invalid(List.of(new Violation("$.necessity", "EEG-VAL-REQUIRED", "is required"))));
        assertThat(FormSubmission.fromApi(jakarta.ws.rs.core.Response.status(201).entity("{\"id\":\"REQ-01M85MG280RWVSP3RS2ZPMME8F\"}").build()))
                .isEqualTo(new FormSubmission.Created("REQ-01M85MG280RWVSP3RS2ZPMME8F", false));
        assertThat(FormSubmission.fromApi(jakarta.ws.rs.core.Response.status(200).entity("{\"id\":\"REQ-01M85MG280RWVSP3RS2ZPMME8F\"}").build()))
                .isEqualTo(new FormSubmission.Created("REQ-01M85MG280RWVSP3RS2ZPMME8F", true));
        String conflict = eu.eevidence.gw.gateway.http.Problems.of(409, "EEG-REQ-IDEMPOTENCY-CONFLICT", "Conflict",
                "this Idempotency-Key was used before with a different body (request REQ-01M85MG280RWVSP3RS2ZPMME8F)").getEntity().toString();
        assertThat(FormSubmission.fromApi(jakarta.ws.rs.core.Response.status(409).entity(conflict).build()))
                .isEqualTo(new FormSubmission.Conflict("REQ-01M85MG280RWVSP3RS2ZPMME8F"));
        String busy = eu.eevidence.gw.gateway.http.Problems.of(503, "EEG-DB-UNAVAILABLE", "Service unavailable", "retry").getEntity().toString();
        assertThat(FormSubmission.fromApi(jakarta.ws.rs.core.Response.status(503).entity(busy).build()))
                .isEqualTo(new FormSubmission.Refused(503, "EEG-DB-UNAVAILABLE", "retry"));
    }

    private static FormPage.Row row(FormPage page, String name) {
        return page.rows().stream().filter(r -> name.equals(r.name()) && r.kind() != FormPage.RowKind.GROUP_END && r.kind() != FormPage.RowKind.ADD)
                .findFirst().orElseThrow(() -> new AssertionError("no row " + name));
    }

    private long rows() throws Exception {
        return db.read(c -> {
            try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM request")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
