package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;

import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/** The node key and trust anchors: configured, or the development PKI's (with a contact-point credential to try the API). */
record NodeKeys(DevPki devPki, KeyMaterial nodeKey, TrustAnchors trust) {

    static NodeKeys load(NodeConfig config) throws Exception {
        Files.createDirectories(config.dataDir());
        if (config.nodeKey() != null) {
            return new NodeKeys(null, config.nodeKey(), config.trust());
        }
        DevPki devPki = DevPki.loadOrCreate(config.dataDir().resolve("pki"), config.clock());
        KeyMaterial nodeKey = devPki.loadOrIssue("node", new IssueRequest("evidence-gateway node", Role.NODE,
                List.of("localhost", "127.0.0.1", InetAddress.getLoopbackAddress().getHostName()), KeyKind.EC_P256, Duration.ofDays(825), true, true));
        devPki.loadOrIssue("contact-point", new IssueRequest("development 24/7 contact point", Role.CONTACT_POINT,
                List.of(), KeyKind.EC_P256, Duration.ofDays(825), false, true));
        return new NodeKeys(devPki, nodeKey, TrustAnchors.of(List.of(devPki.rootCertificate())));
    }
}
