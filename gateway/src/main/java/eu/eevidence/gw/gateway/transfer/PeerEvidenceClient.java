package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.gateway.evidence.BoundedInputStream;
import eu.eevidence.gw.gateway.network.NetworkProtocol;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedStream;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The requesting node's side of the evidence transfer (ADR-0017): {@code GET <peer>/api/v1/network/evidence/{messageId}/{itemId}}
 * over mutual TLS with this node's key, no redirects, bounded in time and size, and the streaming opening of the answer:
 * AuthEnvelopedData to this node (GCM tag), SignedData whose signer must be exactly the peer's node certificate (role
 * NODE, valid under the trust anchors). No plaintext reaches {@code sink} before every check passed (the pki streaming
 * opening stages it in an encrypted spool, ADR-0007).
 */
public final class PeerEvidenceClient {

    /** Path prefix of the evidence endpoint on every node. */
    public static final String PATH = "/api/v1/network/evidence/";

    private final String selfNodeId;
    private final CmsProfile cms;
    private final KeyMaterial nodeKey;
    private final SignerValidator trust;
    private final HttpClient http;

    /**
     * @param cms   the profile that opens (give it a spool directory on the node's data disk)
     * @param trust the network's trust anchors (the role NODE is required here)
     * @param tls   this node's client TLS context for peers
     */
    public PeerEvidenceClient(String selfNodeId, CmsProfile cms, KeyMaterial nodeKey, SignerValidator trust, SSLContext tls) {
        this.selfNodeId = selfNodeId;
        this.cms = cms;
        this.nodeKey = nodeKey;
        this.trust = trust.requiringRole(Role.NODE);
        this.http = tls == null ? null : HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Start-up: removes what a crash left in the spool directory (encrypted with keys that died with the process). */
    public static void cleanSpool(java.nio.file.Path dir) throws IOException {
        try (java.nio.file.DirectoryStream<java.nio.file.Path> ds = java.nio.file.Files.newDirectoryStream(dir)) {
            for (java.nio.file.Path p : ds) {
                if (java.nio.file.Files.isRegularFile(p)) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Where {@code peer} serves item {@code itemId} of the case opened by our message {@code messageId}. */
    public static URI uriOf(PeerSpec peer, String messageId, String itemId) {
        String base = peer.endpoint().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + PATH + messageId + "/" + itemId);
    }

    /** The most protected bytes accepted for an item of {@code size} bytes (content plus CMS framing, chain and tag). */
    static long maxProtectedBytes(long size) {
        return size + size / 32 + (1 << 20);
    }

    /**
     * Fetches one item of {@code size} bytes into {@code sink} within {@code deadline}. On anything but
     * {@link FetchOutcome.Fetched} nothing was written to {@code sink}.
     */
    public FetchOutcome fetch(PeerSpec peer, URI uri, long size, OutputStream sink, Duration deadline) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline).header("Accept", NetworkProtocol.MEDIA_TYPE + ", application/problem+json")
                .header(NetworkProtocol.HEADER_SENDER_NODE, selfNodeId).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new FetchOutcome.Failed(TransferCodes.IO, "the peer could not be reached: " + e.getClass().getSimpleName(), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FetchOutcome.Failed(TransferCodes.IO, "interrupted", true, null);
        }
        int status = response.statusCode();
        Duration retryAfter = response.headers().firstValue("Retry-After").map(PeerEvidenceClient::seconds).orElse(null);
        // the whole body within the deadline: a stalled peer is cut off
        CompletableFuture<Void> watchdog = new CompletableFuture<>();
        InputStream body = response.body();
        watchdog.completeOnTimeout(null, deadline.toMillis(), TimeUnit.MILLISECONDS).thenRun(() -> closeQuietly(body));
        try (InputStream in = body) {
            if (status == 200) {
                return open(in, maxProtectedBytes(size), peer, sink);
            }
            String answer = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            if (status == 409) {
                return new FetchOutcome.Failed(TransferCodes.NOT_YET, "the peer does not hold the item yet", true, retryAfter);
            }
            if (status == 404 && answer.contains("\"" + TransferCodes.NOT_FOUND + "\"")) {
                return new FetchOutcome.Failed(TransferCodes.NOT_FOUND, "the peer has no such item for this node", false, null);
            }
            if (status == 404) { // not the peer's own answer (a node shutting down, a proxy): ask again
                return new FetchOutcome.Failed(TransferError.XFER_HTTP_404.code(), "the peer answered 404 without " + TransferCodes.NOT_FOUND, true,
                        retryAfter);
            }
            boolean retryable = status == 403 || status == 408 || status == 429 || status >= 500;
            return new FetchOutcome.Failed(TransferError.XFER_HTTP.withStatus(status), "the peer answered " + status, retryable, retryAfter);
        } catch (IOException e) {
            return new FetchOutcome.Failed(TransferCodes.IO, "the transfer broke off: " + e.getClass().getSimpleName(), true, null);
        } finally {
            watchdog.cancel(false);
        }
    }

    /**
     * Opens a protected item (the receiving half of {@link #fetch}) into {@code sink}: at most {@code maxBytes} protected
     * bytes, encrypted for this node, signed by exactly {@code peer}'s node certificate.
     */
    public FetchOutcome open(InputStream protectedItem, long maxBytes, PeerSpec peer, OutputStream sink) {
        AtomicBoolean wrongSigner = new AtomicBoolean();
        SignerValidator exactlyThePeer = (leaf, intermediates, at) -> {
            if (!sameCertificate(leaf, peer)) {
                wrongSigner.set(true);
                throw new PkiException(PkiError.UNTRUSTED_SIGNER, "signed by " + leaf.getSubjectX500Principal() + ", not by node " + peer.nodeId());
            }
            trust.validate(leaf, intermediates, at);
        };
        BoundedInputStream in = new BoundedInputStream(protectedItem, maxBytes);
        try {
            OpenedStream o = cms.openStream(in, sink, nodeKey, exactlyThePeer);
            return new FetchOutcome.Fetched(o.contentLength(), o.contentSha256Hex());
        } catch (PkiException e) {
            if (wrongSigner.get()) {
                return new FetchOutcome.Failed(TransferCodes.SIGNER, "the item is not signed by node " + peer.nodeId() + "'s certificate", false, null);
            }
            if (in.exceeded()) {
                return new FetchOutcome.Failed(TransferCodes.TOO_LARGE, "more than " + maxBytes + " protected bytes", false, null);
            }
            return new FetchOutcome.Failed(TransferCodes.UNREADABLE, "the item could not be opened and verified: " + e.code(), true, null);
        }
    }

    private static boolean sameCertificate(java.security.cert.X509Certificate leaf, PeerSpec peer) {
        return peer.hasCertificate(leaf); // peerlive: any certificate the directory lists for the peer (rollover)
    }

    private static Duration seconds(String v) {
        try {
            return Duration.ofSeconds(Math.max(0, Math.min(3600, Long.parseLong(v.trim()))));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
