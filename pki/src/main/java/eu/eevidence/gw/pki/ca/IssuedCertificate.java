package eu.eevidence.gw.pki.ca;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One line of a {@link CertificateAuthority}'s database ({@code index.tsv}).
 *
 * @param revokedAt {@code null} while valid
 * @param reason    RFC 5280 CRLReason code when revoked, else -1
 * @param role      role name or {@code -} (CA and TSA certificates)
 */
public record IssuedCertificate(BigInteger serial, String subject, String role, Instant notAfter, Instant revokedAt,
        int reason) {

    public boolean revoked() {
        return revokedAt != null;
    }

    String line() {
        return serial.toString(16) + '\t' + (revokedAt == null ? "V" : "R") + '\t' + notAfter.toEpochMilli() + '\t'
                + (revokedAt == null ? "-" : Long.toString(revokedAt.toEpochMilli())) + '\t' + reason + '\t' + role + '\t'
                + subject.replace('\t', ' ').replace('\n', ' ');
    }

    static IssuedCertificate parse(String line) {
        String[] f = line.split("\t", 7);
        if (f.length != 7) {
            throw new IllegalArgumentException("bad index line");
        }
        return new IssuedCertificate(new BigInteger(f[0], 16), f[6], f[5], Instant.ofEpochMilli(Long.parseLong(f[2])),
                "-".equals(f[3]) ? null : Instant.ofEpochMilli(Long.parseLong(f[3])), Integer.parseInt(f[4]));
    }
}
