package eu.eevidence.gw.gateway.console.browser;

import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;

import java.io.IOException;
import java.util.List;

/**
 * Browsers for the people of a {@link SecurityNode} (a node on a loopback port with the development PKI), one per
 * role of issue 16: the 24/7 contact point (and a second one, for "someone else's request"), a prosecutor (judicial
 * authority), the platform's legal team, the auditor, and someone without a certificate. Every call opens a fresh
 * {@link BrowserSession}; close it (try-with-resources).
 */
public final class RoleBrowsers {

    private final SecurityNode node;
    private KeyMaterial prosecutor;

    public RoleBrowsers(SecurityNode node) {
        this.node = node;
    }

    public BrowserSession contactPoint() throws IOException {
        return as(node.contactPoint);
    }

    /** A second contact point of the same node, who must not see the first one's requests. */
    public BrowserSession otherContactPoint() throws IOException {
        return as(node.otherContactPoint);
    }

    /** A prosecutor: a certificate with the role {@link Role#JUDICIAL_AUTHORITY}, minted on first use. */
    public BrowserSession prosecutor() throws IOException {
        return as(prosecutorKey());
    }

    /** The legal team of the node's json-portal platform ({@code demo-platform}). */
    public BrowserSession platform() throws IOException {
        return as(node.platformKey);
    }

    public BrowserSession auditor() throws IOException {
        return as(node.auditor);
    }

    /** A browser without any client certificate. */
    public BrowserSession anonymous() throws IOException {
        return as(null);
    }

    /** A browser presenting {@code person}'s certificate (null: none) and trusting the node's development CA. */
    public BrowserSession as(KeyMaterial person) throws IOException {
        return BrowserSession.open(node.baseUrl(), person, List.of(node.pki.rootCertificate()));
    }

    public synchronized KeyMaterial prosecutorKey() throws IOException {
        if (prosecutor == null) {
            try {
                prosecutor = node.issue("prosecutor", Role.JUDICIAL_AUTHORITY, false);
            } catch (Exception e) {
                throw new IOException("cannot issue the prosecutor's certificate", e);
            }
        }
        return prosecutor;
    }
}
