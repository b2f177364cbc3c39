package eu.eevidence.gw.pki;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;

/**
 * Roles of the participants of the exchange, expressed as certificate-policy OIDs in the
 * {@code certificatePolicies} extension of a certificate.
 *
 * <p>All role OIDs live under one private arc derived from a UUID (ITU-T X.667 "2.25"
 * arc), generated once for this project: UUID {@code f5799680-e8e2-4bd7-ac0c-129f778f209a}, i.e.
 * arc {@value #ARC}. The roles are:
 * <ul>
 * <li>{@link #NODE} {@code ARC.1}</li>
 * <li>{@link #CONTACT_POINT} {@code ARC.2}</li>
 * <li>{@link #JUDICIAL_AUTHORITY} {@code ARC.3}</li>
 * <li>{@link #PLATFORM} {@code ARC.4}</li>
 * <li>{@link #AUDITOR} {@code ARC.5}</li>
 * <li>{@link #DIRECTORY} {@code ARC.6}: the network directory authority, which signs the network directory
 * (peers, platforms, instruments; see the gateway's {@code network} feature). Only a certificate with this role is
 * accepted as the signer of a directory; it is not a node, client or platform role.</li>
 * <li>{@link #CIVIL_COURT} {@code ARC.7}: a court deciding under civil law (Council of Europe CM/Rec(2026)2 para. 33:
 * removal orders under civil law); the gateway lets it submit content removal orders only (ADR-0036).</li>
 * <li>{@link #ADMINISTRATIVE_AUTHORITY} {@code ARC.8}: an administrative authority deciding under administrative law,
 * e.g. a media or online-safety regulator (para. 33); content removal orders only (ADR-0036).</li>
 * </ul>
 * These OIDs are stable; never renumber them.
 */
public enum Role {
    NODE(1), CONTACT_POINT(2), JUDICIAL_AUTHORITY(3), PLATFORM(4), AUDITOR(5), DIRECTORY(6), CIVIL_COURT(7), ADMINISTRATIVE_AUTHORITY(8);

    /** The project's OID arc: 2.25.&lt;decimal of UUID f5799680-e8e2-4bd7-ac0c-129f778f209a&gt;. */
    public static final String ARC = "2.25.326292179461906550250602181444775125146";

    private final String oid;

    Role(int suffix) {
        this.oid = ARC + "." + suffix;
    }

    /** The certificate-policy OID of this role. */
    public String oid() {
        return oid;
    }

    /**
     * The roles found in the certificate's {@code certificatePolicies} extension. Unknown policies are
     * ignored; a missing or malformed extension yields an empty set. Never throws.
     */
    public static Set<Role> of(X509Certificate cert) {
        try {
            if (cert == null) {
                return Set.of();
            }
            byte[] ext = cert.getExtensionValue(Extension.certificatePolicies.getId());
            if (ext == null) {
                return Set.of();
            }
            ASN1OctetString octets = ASN1OctetString.getInstance(ext);
            CertificatePolicies policies = CertificatePolicies.getInstance(ASN1Primitive.fromByteArray(octets.getOctets()));
            EnumSet<Role> roles = EnumSet.noneOf(Role.class);
            for (PolicyInformation pi : policies.getPolicyInformation()) {
                String id = pi.getPolicyIdentifier().getId();
                for (Role r : values()) {
                    if (r.oid.equals(id)) {
                        roles.add(r);
                    }
                }
            }
            return Collections.unmodifiableSet(roles);
        } catch (Exception | StackOverflowError e) {
            return Set.of();
        }
    }
}
