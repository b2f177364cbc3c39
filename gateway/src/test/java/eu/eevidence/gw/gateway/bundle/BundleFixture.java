package eu.eevidence.gw.gateway.bundle;

import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.note.NodeKey;
import eu.eevidence.gw.custody.tiles.LogArchive;
import eu.eevidence.gw.gateway.custody.RequestCustody;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A court bundle made without a node: a development PKI (keys generated at test time), a custody log with the request's
 * records (REQUEST_RECEIVED, REQUEST_SEALED committing the sealed request's SHA-256, RECEIPT_RECEIVED), a request sealed
 * by the node for a platform, a network evidence signed by a peer node, written by the same {@link BundleWriter} and
 * {@link CustodyPart} as the node's.
 */
final class BundleFixture {

    static final String REQ = "REQ-01JF8ZQ3V4W5X6Y7Z8A9B0C1D2";

    final Clock clock = Clock.systemUTC();
    final DevPki pki;
    final KeyMaterial node;
    final KeyMaterial peer;
    final KeyMaterial platform;
    final CmsProfile cms;
    final TrustAnchors trust;
    final CustodyLog log;
    final byte[] sealed;
    final byte[] evidence;
    private final List<ExportedRecord> records = new ArrayList<>();

    BundleFixture(Path dir) throws Exception {
        this(dir, new CmsProfile(Clock.systemUTC()));
    }

    BundleFixture(Path dir, CmsProfile cms) throws Exception {
        this.cms = cms;
        pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
        node = pki.issue(new IssueRequest("node de-1", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        peer = pki.issue(new IssueRequest("node fr-1", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        platform = pki.issue(new IssueRequest("platform p", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        sealed = cms.seal("{\"request\":\"content\"}".getBytes(StandardCharsets.UTF_8), node, List.of(platform.certificate()));
        evidence = cms.sign("{\"evidence\":\"DELIVERED\"}".getBytes(StandardCharsets.UTF_8), peer);
        log = CustodyLog.open(dir.resolve("log"), "test.example/custody", NodeKey.loadOrCreate(dir.resolve("node.key")));
        append(CustodyEventType.REQUEST_RECEIVED, null);
        append(CustodyEventType.REQUEST_SEALED, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sealed)));
        append(CustodyEventType.RECEIPT_RECEIVED, null);
        log.publish();
    }

    private void append(CustodyEventType type, String messageSha256) throws Exception {
        byte[] salt = new byte[32];
        salt[0] = (byte) (log.size() + 1);
        String text = "{\"event\":\"" + type.name() + "\",\"messageSha256\":" + (messageSha256 == null ? "null" : "\"" + messageSha256 + "\"")
                + ",\"requestId\":\"" + REQ + "\"}";
        CustodyEntry e = new CustodyEntry(type, Instant.EPOCH, Instant.EPOCH, null, Optional.empty(), null, null,
                messageSha256 == null ? null : HexFormat.of().parseHex(messageSha256), List.of(),
                CustodyEntry.commit(salt, text.getBytes(StandardCharsets.UTF_8)));
        long index = log.append(e.encode());
        records.add(new ExportedRecord(log.origin(), index, salt, text));
    }

    RequestCustody.Snapshot snapshot() throws Exception {
        return RequestCustody.of(log, id -> records, REQ);
    }

    /** The bundle's bytes. */
    byte[] bundle() throws Exception {
        return bundle(java.util.function.UnaryOperator.identity());
    }

    /** The bundle's bytes, its checkpoint note changed by {@code note} (e.g. with cosignature lines) before it is signed. */
    byte[] bundle(java.util.function.UnaryOperator<String> note) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter w = new BundleWriter(out);
        w.add(CourtBundle.README, "text/plain", "readme".getBytes(StandardCharsets.UTF_8));
        w.add(CourtBundle.STATUS, "application/json", "{\"id\":\"REQ\"}".getBytes(StandardCharsets.UTF_8));
        w.add(CourtBundle.SEALED, "application/pkcs7-mime", sealed);
        w.add(CourtBundle.NETWORK_EVIDENCES + "rcpt-1.p7s", "application/pkcs7-mime", evidence);
        RequestCustody.Snapshot n = snapshot();
        RequestCustody.Snapshot s = new RequestCustody.Snapshot(n.requestId(), note.apply(n.note()), n.key(), n.checkpoint(), n.records(),
                n.pending(), n.nodeChecked());
        CustodyPart.write(w, s, o -> LogArchive.write(log.published(), s.checkpoint().size(), s.note(), o));
        w.finish(m -> cms.signDetached(m, node));
        return out.toByteArray();
    }

    Path write(Path dir, String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    BundleVerifier verifier() {
        return new BundleVerifier(trust, null, clock);
    }
}
