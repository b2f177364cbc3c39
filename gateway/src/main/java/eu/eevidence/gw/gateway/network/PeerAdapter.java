package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.SignerValidator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import eu.eevidence.gw.adapter.api.AdapterError;

/**
 * Delivers a sealed message to a peer node ({@link NetworkProtocol}): POST over mutual TLS with the message id and this
 * node's id in headers, bounded answer, no redirects, time-outs. {@link DeliveryRequest#idempotencyKey()} is the
 * catalogue message id (the peer's duplicate-elimination key). The peer's answer counts only with a signed receipt that
 * verifies against the peer's certificate and names this message id and the SHA-256 of exactly the bytes sent:
 * <ul>
 *   <li>200 + {@code SUBMISSION_ACCEPTED} receipt: {@link DeliveryOutcome.Delivered} (receipt id, issue time, the receipt);</li>
 *   <li>422 + {@code SUBMISSION_REJECTED} receipt: {@link DeliveryOutcome.Rejected} with the peer's code;</li>
 *   <li>5xx, 408, 429, time-out, reset, a missing, unverifiable or unexpected receipt, any other status:
 *       {@link DeliveryOutcome.RetryableFailure} (the broker retries, then dead-letters).</li>
 * </ul>
 */
public final class PeerAdapter implements PlatformAdapter {

    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("^EEG-[A-Z0-9-]{1,60}$");

    private final String selfNodeId;
    private final Function<String, Optional<PeerSpec>> peers;
    private final CmsProfile cms;
    private final SignerValidator trust;
    private final PortalHttp http;

    public PeerAdapter(String selfNodeId, Function<String, Optional<PeerSpec>> peers, CmsProfile cms, SignerValidator trust, PortalHttp http) {
        this.selfNodeId = selfNodeId;
        this.peers = peers;
        this.cms = cms;
        this.trust = trust;
        this.http = http;
    }

    public PeerAdapter(String selfNodeId, Function<String, Optional<PeerSpec>> peers, CmsProfile cms, SignerValidator trust) {
        this(selfNodeId, peers, cms, trust, new PortalHttp(Duration.ofSeconds(5), Duration.ofSeconds(30), PortalHttp.DEFAULT_MAX_RESPONSE_BYTES));
    }

    @Override
    public String kind() {
        return PeerRoutes.ADAPTER_KIND;
    }

    @Override
    public DeliveryOutcome deliver(DeliveryRequest request) {
        Optional<PeerSpec> peer = peers.apply(request.destination().platformId());
        if (peer.isEmpty()) {
            return new DeliveryOutcome.Rejected(NetworkError.NET_UNKNOWN_PEER.code(), "no peer node " + request.destination().platformId() + " is configured",
                    0);
        }
        String messageId = request.idempotencyKey();
        URI target = messagesUri(request.destination().endpoint());
        HttpRequest.Builder post = HttpRequest.newBuilder(target)
                .header("Content-Type", NetworkProtocol.MEDIA_TYPE)
                .header("Accept", NetworkProtocol.MEDIA_TYPE + ", application/problem+json")
                .header(NetworkProtocol.HEADER_MESSAGE_ID, messageId)
                .header(NetworkProtocol.HEADER_SENDER_NODE, selfNodeId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.payload()));
        PortalHttp.Exchange exchange = http.exchange(post, request.destination().tls());
        if (exchange instanceof PortalHttp.Exchange.Failed f) {
            return new DeliveryOutcome.RetryableFailure(f.code(), f.reason(), null);
        }
        PortalHttp.Exchange.Answered a = (PortalHttp.Exchange.Answered) exchange;
        return classify(a.status(), a.body(), peer.get(), messageId, request.payloadSha256(),
                PortalHttp.retryAfter(a.headers()).orElse(null));
    }

    /** The outcome of the peer's answer (package-visible for tests). */
    DeliveryOutcome classify(int status, byte[] body, PeerSpec peer, String messageId, String sha256, Duration retryAfter) {
        if (status != 200 && status != 422) {
            if (status == 408 || status == 429 || status >= 500) {
                return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_HTTP.withStatus(status), "the peer node answered " + status, retryAfter);
            }
            // 401/403/413/415 and the like: no receipt, nothing the peer decided about the message itself; an operator
            // must look (configuration, certificates), and the broker's bound ends it in the dead-letter queue
            return new DeliveryOutcome.RetryableFailure(NetworkError.NET_HTTP.withStatus(status), "the peer node answered " + status + " without a receipt",
                    retryAfter);
        }
        NetworkReceipt receipt = null;
        NetworkException refused = null;
        for (java.security.cert.X509Certificate issuer : peer.certificates()) { // peerlive: the current one, then those of a rollover
            try {
                receipt = NetworkReceipt.verify(cms, body, trust, issuer, messageId, sha256);
                break;
            } catch (NetworkException e) {
                if (refused == null || !NetworkError.NET_RECEIPT_SIGNER.code().equals(e.code())) {
                    refused = e;
                }
            }
        }
        if (receipt == null) {
            return new DeliveryOutcome.RetryableFailure(refused.code(), refused.getMessage(), null);
        }
        if (!receipt.issuer().equals(peer.nodeId()) || !receipt.sender().equals(selfNodeId)) {
            return new DeliveryOutcome.RetryableFailure(NetworkError.NET_RECEIPT_MISMATCH.code(), "the receipt names issuer " + receipt.issuer()
                    + " and sender " + receipt.sender(), null);
        }
        if (status == 200 && receipt.evidence() == NetworkReceipt.Evidence.SUBMISSION_ACCEPTED) {
            return new DeliveryOutcome.Delivered(receipt.receiptId(), receipt.issuedAt(), DeliveryOutcome.Acknowledgement.RECEIVED, null, body);
        }
        if (status == 422 && receipt.evidence() == NetworkReceipt.Evidence.SUBMISSION_REJECTED) {
            String code = CODE.matcher(receipt.code()).matches() ? receipt.code() : NetworkError.NET_REJECTED.code();
            return new DeliveryOutcome.Rejected(code, PortalHttp.sanitize(receipt.reason() == null ? "" : receipt.reason()), 422);
        }
        return new DeliveryOutcome.RetryableFailure(NetworkError.NET_RECEIPT_UNEXPECTED.code(), "status " + status + " with a " + receipt.evidence()
                + " receipt", null);
    }

    /**
     * Sends a signed evidence ({@link ReceiptIssuer}) to the peer's {@link ReceiptInbox#PATH} (ADR-0016); the payload is
     * the signed evidence as is, the idempotency key its receipt id. 200: {@link DeliveryOutcome.Delivered} (the peer's JSON
     * answer kept); 422: {@link DeliveryOutcome.Rejected} with the peer's {@code EEG-REM-*} code; anything else retryable.
     */
    public DeliveryOutcome deliverEvidence(DeliveryRequest request, java.time.Clock clock) {
        Optional<PeerSpec> peer = peers.apply(request.destination().platformId());
        if (peer.isEmpty()) {
            return new DeliveryOutcome.Rejected(NetworkError.NET_UNKNOWN_PEER.code(), "no peer node " + request.destination().platformId() + " is configured",
                    0);
        }
        HttpRequest.Builder post = HttpRequest.newBuilder(pathUri(request.destination().endpoint(), ReceiptInbox.PATH))
                .header("Content-Type", NetworkProtocol.MEDIA_TYPE)
                .header("Accept", "application/json, application/problem+json")
                .header(NetworkProtocol.HEADER_SENDER_NODE, selfNodeId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.payload()));
        PortalHttp.Exchange exchange = http.exchange(post, request.destination().tls());
        if (exchange instanceof PortalHttp.Exchange.Failed f) {
            return new DeliveryOutcome.RetryableFailure(f.code(), f.reason(), null);
        }
        PortalHttp.Exchange.Answered a = (PortalHttp.Exchange.Answered) exchange;
        return classifyEvidence(a.status(), a.body(), request.idempotencyKey(), clock.instant(), PortalHttp.retryAfter(a.headers()).orElse(null));
    }

    /** The outcome of the peer's answer to an evidence (package-visible for tests). */
    static DeliveryOutcome classifyEvidence(int status, byte[] body, String receiptId, java.time.Instant now, Duration retryAfter) {
        if (status == 200) {
            return new DeliveryOutcome.Delivered(receiptId, now, DeliveryOutcome.Acknowledgement.RECEIVED, null,
                    body == null ? new byte[0] : body);
        }
        if (status == 422) {
            String code = NetworkError.REM_REFUSED.code();
            String reason = "";
            try {
                com.fasterxml.jackson.databind.JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
                if (problem != null && CODE.matcher(problem.path("code").asText("")).matches()) {
                    code = problem.path("code").asText();
                }
                reason = problem == null ? "" : problem.path("detail").asText("");
            } catch (java.io.IOException | RuntimeException e) {
                // keep the generic code
            }
            return new DeliveryOutcome.Rejected(code, PortalHttp.sanitize(reason), 422);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryOutcome.RetryableFailure(AdapterError.DLV_HTTP.withStatus(status), "the peer node answered " + status, retryAfter);
        }
        return new DeliveryOutcome.RetryableFailure(NetworkError.NET_HTTP.withStatus(status), "the peer node answered " + status + " to an evidence",
                retryAfter);
    }

    static URI messagesUri(URI endpoint) {
        String base = endpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + NetworkProtocol.MESSAGES_PATH);
    }

    static URI pathUri(URI endpoint, String path) {
        String base = endpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }
}
