package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.answer.SignedAnswerVerifier;
import eu.eevidence.gw.gateway.trust.NodeTrustServices;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;
import eu.eevidence.gw.pki.TrustStore;

import java.time.Clock;
import java.util.List;

/** How the node checks a platform's signed answer (ADR-0008): which signers it trusts and with which key it unwraps. */
final class PlatformAnswerTrust {

    private PlatformAnswerTrust() {
    }

    /** Signed platform answers (ADR-0008), unwrapped with the node key and verified against the platforms' trust. */
    static SignedAnswerVerifier verifier(NodeKeys keys, NodeTrustServices trustServices, CmsProfile cms, Clock clock) throws Exception {
        SignerValidator answerTrust = keys.trust();
        if (keys.devPki() != null && trustServices.inProcessOcsp() != null) {
            // the development CA knows every certificate it issued: its own responder, in process, gives their status
            answerTrust = TrustStore.load(clock, List.of(keys.devPki().directory().resolve("ca.pem")), List.of(), trustServices.inProcessOcsp(), true);
        }
        SignerValidator platformSigners = answerTrust.requiringRole(Role.PLATFORM);
        CmsProfile sealing = cms;
        KeyMaterial sealingKey = keys.nodeKey();
        return signed -> {
            byte[] signedData = sealing.unwrapSignedData(signed, sealingKey);
            return new SignedAnswerVerifier.Verified(signedData, sealing.verify(signedData, platformSigners));
        };
    }
}
