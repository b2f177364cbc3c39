package eu.eevidence.gw.gateway.network;

/**
 * The node-to-node wire protocol (see docs/design/network.md).
 *
 * <p>A node POSTs one protected message (the pki profile: CMS SignedData by the sending node inside AuthEnvelopedData
 * to the receiving node, {@code application/pkcs7-mime}) to {@code <peer>/api/v1/network/messages} over mutual TLS,
 * with the headers below. The receiving node answers every submission with a signed {@link NetworkReceipt} (CMS
 * SignedData by the receiving node, encapsulating the receipt's JSON): 200 with {@code SUBMISSION_ACCEPTED} (also for
 * a duplicate of a message already accepted: the same receipt again), 422 with {@code SUBMISSION_REJECTED} when the
 * message was opened but refused (its code says why). Transport and authentication failures (no client certificate,
 * not a known peer, body too large) are plain problem+json answers without a receipt. A sender marks a message
 * delivered only on a receipt that verifies against the peer's certificate and names the message id and the SHA-256
 * of exactly the bytes sent.
 */
public final class NetworkProtocol {

    /** Path of the network endpoint on every node. */
    public static final String MESSAGES_PATH = "/api/v1/network/messages";
    /** The message id of the catalogue envelope inside the protected message (also the duplicate-elimination key). */
    public static final String HEADER_MESSAGE_ID = "X-EEG-Message-Id";
    /** The sending node's id (checked against the TLS client certificate and the signer). */
    public static final String HEADER_SENDER_NODE = "X-EEG-Sender-Node";
    /** Content type of protected messages and receipts. */
    public static final String MEDIA_TYPE = "application/pkcs7-mime";

    private NetworkProtocol() {
    }
}
