package eu.eevidence.gw.gateway.console;

import java.sql.PreparedStatement;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.cases.InboundCaseService;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fixtures of the tracking and cases desk tests: an overdue request, and cases received from a peer (the test plays the
 * network as InboundCasesIT does, with the answers the node sends kept in {@link #sent}).
 */
final class DeskFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();

    final SecurityNode n;
    final List<String> sent = new CopyOnWriteArrayList<>();
    private final PeerSpec peer;

    DeskFixtures(SecurityNode n) throws Exception {
        this.n = n;
        n.node.probe().inboundCases().usePeerMessenger((c, to, messageId, envelope) -> {
            sent.add(new String(envelope, StandardCharsets.UTF_8));
            return "outbox-" + messageId;
        });
        peer = new PeerSpec(new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"),
                n.issue("node fr-247", Role.NODE, false).certificate(), Set.of());
    }

    /**
     * The request's next deadline moved one hour into the past in the request table (what the tracking query reads), so that
     * "overdue" has something to find without waiting days.
     */
    void makeOverdue(String id) throws Exception {
        n.node.requests().database().inTx(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "UPDATE request SET next_deadline_at = ?, next_deadline_kind = 'TEST_OVERDUE' WHERE id = ?")) {
                ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));
                ps.setString(2, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            return null;
        });
    }

    /** A request of another Party (the corpus's {@code /cases/<type>.json}, a fresh message id) as the transport hands it over. */
    String receive(String type) throws Exception {
        InboundCaseService cases = n.node.probe().inboundCases();
        try (InputStream in = DeskFixtures.class.getResourceAsStream("/cases/" + type + ".json")) {
            ObjectNode doc = (ObjectNode) JSON.readTree(in);
            doc.put("messageId", "msg-" + UUID.randomUUID());
            byte[] bytes = JSON.writeValueAsBytes(doc);
            Envelope e = ((Decoded.Valid) CATALOGUE.decodeJson(bytes)).envelope();
            return n.node.requests().database().inTx(c -> cases.receivedRequest(c, peer, e, (EvidenceRequest) e.body(), bytes, Instant.now()));
        }
    }
}
