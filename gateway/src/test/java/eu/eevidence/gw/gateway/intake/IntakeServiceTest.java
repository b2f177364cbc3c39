package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.delivery.QueuedMessageCodec;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.codec.JsonCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Intake on a real (in-memory) database with the broker and the sealer at the edges. */
class IntakeServiceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T02:00:00Z"), ZoneOffset.UTC);
    private static final ClientIdentity CLIENT = new ClientIdentity("ab".repeat(32), "CN=cp", Set.of(Role.CONTACT_POINT));
    private static final AtomicInteger DB = new AtomicInteger();
    private static X509Certificate platformCert;
    private static byte[] sample;

    private Database db;
    private RequestRepository repo;
    private final List<String> queued = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void pki(@TempDir Path dir) throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir, Clock.systemUTC());
        platformCert = pki.issue(new IssueRequest("p", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(1), true, false)).certificate();
        try (InputStream in = IntakeServiceTest.class.getResourceAsStream("/demo/art29-preservation.json")) {
            sample = in.readAllBytes();
        }
    }

    @BeforeEach
    void database() {
        db = Database.open("jdbc:h2:mem:intake" + DB.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        repo = new RequestRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private IntakeService intake(Sealer sealer, DeliveryQueue queue) {
        PlatformRoutes directory = new PlatformRoutes(List.of(new Platform("demo-platform", "json-portal", URI.create("https://127.0.0.1:1/"),
                platformCert, null)));
        return new IntakeService(new JsonCodec(), repo, directory, sealer, queue, CLOCK);
    }

    private final Sealer fakeSealer = (content, recipient) -> ("sealed:" + content.length).getBytes();
    private final DeliveryQueue recordingQueue = (platform, message) -> queued.add(platform + "/" + QueuedMessageCodec.encode(message));

    @Test
    void answers503AndStoresNothingWhenTheBrokerRefuses() throws Exception {
        IntakeResult r = intake(fakeSealer, (p, id) -> {
            throw new IllegalStateException("broker down");
        }).submit(CLIENT, sample, "k1");
        assertThat(r).isInstanceOfSatisfying(IntakeResult.Unavailable.class, u -> assertThat(u.code()).isEqualTo("EEG-BROKER-UNAVAILABLE"));
        assertThat(rows()).isZero();
        // the client's retry with the same key succeeds once the broker is back
        IntakeResult retry = intake(fakeSealer, recordingQueue).submit(CLIENT, sample, "k1");
        assertThat(retry).isInstanceOf(IntakeResult.Created.class);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void answers503AndStoresNothingWhenSealingFails() throws Exception {
        IntakeResult r = intake((c, rcpt) -> {
            throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "no key");
        }, recordingQueue).submit(CLIENT, sample, "k2");
        assertThat(r).isInstanceOfSatisfying(IntakeResult.Unavailable.class, u -> assertThat(u.code()).isEqualTo("EEG-SEAL-FAILED"));
        assertThat(rows()).isZero();
        assertThat(queued).isEmpty();
    }

    @Test
    void refusesSignedSubmissionsWhenNotEnabledAndStoresNothing() throws Exception {
        IntakeResult r = intake(fakeSealer, recordingQueue).submit(CLIENT, new byte[] {0x30, 0x00}, "k-signed", PayloadFormat.SIGNED_CMS);
        assertThat(r).isInstanceOfSatisfying(IntakeResult.Invalid.class,
                i -> assertThat(i.violations()).extracting(eu.eevidence.gw.schema.validation.Violation::code).containsExactly("EEG-REQ-SIGNED-UNSUPPORTED"));
        assertThat(repo.findByIdempotencyKey(CLIENT.fingerprint(), "k-signed")).isEmpty();
    }

        @Test
    void storesThenQueuesAndReturnsAnAcceptedRequest() throws Exception {
        IntakeResult r = intake(fakeSealer, recordingQueue).submit(CLIENT, sample, "k3");
        assertThat(r).isInstanceOf(IntakeResult.Created.class);
        var created = ((IntakeResult.Created) r).request();
        assertThat(created.state()).isEqualTo(RequestState.ACCEPTED);
        assertThat(queued).containsExactly("demo-platform/" + created.id());
        assertThat(repo.timeline(created.id())).extracting(e -> e.event().name())
                .containsExactly("REQUEST_RECEIVED", "REQUEST_VALIDATED", "REQUEST_SEALED", "REQUEST_QUEUED");
    }

    @Test
    void concurrentSubmissionsWithOneKeyCreateOneRequest() throws Exception {
        IntakeService service = intake(fakeSealer, recordingQueue);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Callable<IntakeResult>> calls = java.util.Collections.nCopies(8, () -> {
                go.await();
                return service.submit(CLIENT, sample, "same-key");
            });
            List<Future<IntakeResult>> futures = calls.stream().map(pool::submit).toList();
            go.countDown();
            Set<String> ids = new java.util.HashSet<>();
            int created = 0;
            for (Future<IntakeResult> f : futures) {
                IntakeResult r = f.get();
                if (r instanceof IntakeResult.Created c) {
                    created++;
                    ids.add(c.request().id());
                } else if (r instanceof IntakeResult.Replayed rp) {
                    ids.add(rp.request().id());
                } else {
                    throw new AssertionError("unexpected " + r);
                }
            }
            assertThat(created).isEqualTo(1);
            assertThat(ids).hasSize(1);
            assertThat(rows()).isEqualTo(1);
            assertThat(queued).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyReusedWithAnotherBodyConflictsAndLeavesTheOriginal() throws Exception {
        IntakeService service = intake(fakeSealer, recordingQueue);
        var first = (IntakeResult.Created) service.submit(CLIENT, sample, "k4");
        String other = new String(sample).replace("\"preservationDays\": 90", "\"preservationDays\": 120");
        IntakeResult second = service.submit(CLIENT, other.getBytes(), "k4");
        assertThat(second).isInstanceOfSatisfying(IntakeResult.Conflict.class, c -> assertThat(c.existingRequestId()).isEqualTo(first.request().id()));
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void whitespaceAndKeyOrderDoNotMakeADifferentBody() throws Exception {
        IntakeService service = intake(fakeSealer, recordingQueue);
        var first = (IntakeResult.Created) service.submit(CLIENT, sample, "k5");
        String compact = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sample).toString();
        IntakeResult again = service.submit(CLIENT, compact.getBytes(), "k5");
        assertThat(again).isInstanceOfSatisfying(IntakeResult.Replayed.class, r -> assertThat(r.request().id()).isEqualTo(first.request().id()));
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
