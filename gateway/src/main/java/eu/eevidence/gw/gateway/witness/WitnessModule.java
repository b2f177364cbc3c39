package eu.eevidence.gw.gateway.witness;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NodeKey;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Witnessing between nodes (ADR-0028): this node's witness of its peers' custody logs ({@link WitnessService}, behind
 * {@code POST /api/v1/witness/add-checkpoint}) and the job that has its own checkpoints cosigned by the witnesses of its
 * policy ({@link Cosigner}, every {@link WitnessSettings#interval()}, in one thread; each node runs its own, no leader).
 * The witness's Ed25519 key is {@code <data-dir>/custody-key/witness.key} (generated on first start, never served),
 * its name the custody origin with {@code /witness} for {@code /custody}.
 */
public final class WitnessModule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WitnessModule.class);

    /** Where the peers come from and what the node authenticates with. */
    public record Needs(Database db, CustodyLog log, Supplier<Collection<PeerSpec>> peers, Supplier<Map<String, PeerLogKeys>> keys,
                        Clock clock, AlarmLog alarms) {
    }

    private final WitnessStore store;
    private final WitnessService service;
    private final Cosigner cosigner;
    private final ScheduledExecutorService timer;

    public WitnessModule(Path dataDir, Needs needs, WitnessSettings settings, KeyMaterial nodeKey, TrustAnchors trust) throws Exception {
        KeyPair keys = NodeKey.loadOrCreate(dataDir.resolve("custody-key").resolve("witness.key"));
        CosignerKey key = CosignerKey.of(witnessName(needs.log().origin()), Ed25519.raw(keys.getPublic()));
        this.store = new WitnessStore(needs.db(), needs.clock(), needs.alarms());
        this.service = new WitnessService(store, key, keys.getPrivate(), needs.peers(), needs.keys(), needs.clock());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Cosigner.TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(Tls.sslContext(nodeKey, trust)).build();
        this.cosigner = new Cosigner(needs.log(), store, needs.peers(), needs.keys(), settings, http, needs.clock());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custody-cosigner");
            t.setDaemon(true);
            return t;
        });
        long every = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
        LOG.info(WitnessError.WIT_READY.code() + " witness key {}; {} witness(es) for this node's log", key.encode(), cosigner.witnesses().size());
    }

    /** The witness name of a custody origin: {@code .../custody} becomes {@code .../witness}. */
    static String witnessName(String origin) {
        return (origin.endsWith("/custody") ? origin.substring(0, origin.length() - "/custody".length()) : origin) + "/witness";
    }

    private void round() {
        try {
            if (!cosigner.witnesses().isEmpty()) {
                cosigner.cosignNow();
            }
        } catch (CustodyException | RuntimeException e) {
            LOG.warn(WitnessError.WIT_UNREACHABLE.code() + " cosigning round failed: {}", e.getMessage());
        }
    }

    public WitnessService service() {
        return service;
    }

    public Cosigner cosigner() {
        return cosigner;
    }

    public WitnessStore store() {
        return store;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
