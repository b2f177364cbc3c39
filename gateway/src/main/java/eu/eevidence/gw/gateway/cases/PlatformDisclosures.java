package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.answer.AnswerService;
import eu.eevidence.gw.gateway.answer.SignedAnswerVerifier;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.PlatformEmergencyDisclosure;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * A platform's own emergency disclosure (CM/Rec(2026)2 para. 38.4; ADR-0031), received on the platform API: a catalogue
 * envelope of type {@code PLATFORM_EMERGENCY_DISCLOSURE}, signed by the platform as CMS SignedData (optionally
 * AuthEnveloped to the node), as its signed answers are (ADR-0008). Checked in this order, each refusal with its code and
 * nothing stored: signed at all; the signature (pki profile, role PLATFORM, node trust); the signer is the platform of
 * the TLS connection; recent (24 h); the connection's certificate is a platform of this node's directory; the content
 * is a valid catalogue envelope of that type; it names the calling platform; the State concerned is this node's Party.
 * Then the case is opened for the 24/7 contact point ({@link InboundCaseService}), with an emergency alarm (log line
 * {@code EEG-CASE-EMERGENCY-DISCLOSURE}, the console's alarm list) and a custody record of the signed message.
 */
public final class PlatformDisclosures {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformDisclosures.class);
    /** As for signed answers ({@link AnswerService#SIGNED_ANSWER_MAX_AGE}). */
    static final Duration MAX_AGE = AnswerService.SIGNED_ANSWER_MAX_AGE;

    /** The case of a disclosure: opened now ({@code created}) or already opened for the same message. */
    public record Opened(String caseId, boolean created) {
    }

    private final MessageCatalogue catalogue = new MessageCatalogue();
    private final SignedAnswerVerifier verifier;
    private final PlatformRoutes directory;
    private final InboundCaseService cases;
    private final String ownCountry;
    private final Clock clock;

    /**
     * @param verifier   opens and verifies the platform's CMS (null: no signed messages, every disclosure is refused)
     * @param ownCountry this node's Party (null: a node without a network identity, which is no State's 24/7 node)
     */
    public PlatformDisclosures(SignedAnswerVerifier verifier, PlatformRoutes directory, InboundCaseService cases, String ownCountry, Clock clock) {
        this.verifier = verifier;
        this.directory = directory;
        this.cases = cases;
        this.ownCountry = ownCountry;
        this.clock = clock;
    }

    /** An unsigned body (JSON or XML): refused, a disclosure must carry the platform's signature. */
    public static CaseException unsigned() {
        return new CaseException(415, CaseError.CASE_DISCLOSURE_UNSIGNED.code(), "an emergency disclosure must be signed by the platform:"
                + " send the catalogue envelope as CMS SignedData (application/pkcs7-mime), signed with the platform's certificate");
    }

    /** Verifies the signed disclosure {@code cms} of {@code caller} and opens its case. */
    public Opened receive(ClientIdentity caller, byte[] cms) throws CaseException {
        if (verifier == null) {
            throw unsigned();
        }
        OpenedMessage m = opened(caller, cms);
        Platform platform = directory.all().stream()
                .filter(p -> p.encryptionCertificate() != null && Certificates.sha256Fingerprint(p.encryptionCertificate()).equals(caller.fingerprint()))
                .findFirst()
                .orElseThrow(() -> new CaseException(403, CaseError.CASE_DISCLOSURE_PLATFORM.code(),
                        "the certificate of this connection is not the certificate of a platform in this node's directory"));
        Envelope envelope = envelope(m.content());
        if (!(envelope.body() instanceof PlatformEmergencyDisclosure disclosure)) {
            throw new CaseException(422, CaseError.CASE_DISCLOSURE_TYPE.code(), "this address takes PLATFORM_EMERGENCY_DISCLOSURE only, not "
                    + envelope.messageType() + "; answers to requests go to /api/v1/platform/answers");
        }
        if (!platform.id().equals(disclosure.platform().platformId())) {
            throw new CaseException(403, CaseError.CASE_DISCLOSURE_PLATFORM.code(), "the disclosure names platform "
                    + disclosure.platform().platformId() + ", not the platform of this connection (" + platform.id() + ")");
        }
        if (ownCountry == null || !ownCountry.equals(disclosure.concernedParty())) {
            throw new CaseException(422, CaseError.CASE_DISCLOSURE_COUNTRY.code(), ownCountry == null
                    ? "this node is not the 24/7 node of any State (it has no network identity); send the disclosure to the node of "
                            + disclosure.concernedParty()
                    : "this node is the 24/7 node of " + ownCountry + "; send the disclosure for " + disclosure.concernedParty()
                            + " to the node of that State (see the network directory)");
        }
        Opened opened = cases.platformDisclosure(platform.id(), disclosure.platform().country(), envelope, disclosure,
                catalogue.encodeJson(envelope), cms, clock.instant());
        if (!opened.created()) {
            LOG.info(CaseError.CASE_RECEIVED.code() + " emergency disclosure {} from platform {} received again: case {}", envelope.messageId(),
                    platform.id(), opened.caseId());
        }
        return opened;
    }

    private OpenedMessage opened(ClientIdentity caller, byte[] cms) throws CaseException {
        OpenedMessage m;
        try {
            m = verifier.verify(cms).message();
        } catch (PkiException e) {
            LOG.info("{} signed emergency disclosure from {} refused: {}", e.code(), caller.fingerprint(), e.getMessage());
            throw new CaseException(AnswerService.statusOf(e.error()), e.code(), "the signed disclosure was not accepted: " + e.error().message());
        }
        if (!Certificates.sha256Fingerprint(m.signer()).equals(caller.fingerprint())) {
            throw new CaseException(403, CommonError.TRUST_SIGNER_MISMATCH.code(), "the disclosure is signed by "
                    + m.signer().getSubjectX500Principal().getName() + ", not by the platform of this connection");
        }
        if (m.signingTime().isBefore(clock.instant().minus(MAX_AGE))) {
            throw new CaseException(409, PkiError.REPLAY.code(), "the disclosure was signed at " + m.signingTime() + ", more than "
                    + MAX_AGE.toHours() + " hours ago: an old signed message is not accepted again");
        }
        return m;
    }

    private Envelope envelope(byte[] content) throws CaseException {
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        Decoded decoded = i < content.length && content[i] == '<' ? catalogue.decodeXml(content) : catalogue.decodeJson(content);
        if (decoded instanceof Decoded.Invalid invalid) {
            throw new CaseException(invalid.syntactic() ? 400 : 422, CaseError.CASE_DISCLOSURE_INVALID.code(),
                    "the signed content is not a valid catalogue envelope (see errors)", invalid.violations());
        }
        return ((Decoded.Valid) decoded).envelope();
    }
}
