package eu.eevidence.gw.pki.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.FileSecurity;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;

/**
 * The database of a {@link CertificateAuthority}'s directory: {@code index.tsv} (one {@link IssuedCertificate} per
 * line, rewritten whole, owner-only) and {@code certs/<serial hex>.pem}. Not synchronized: the CA's methods are.
 */
final class CaDatabase {

    private final Path dir;

    CaDatabase(Path dir) {
        this.dir = dir;
    }

    void record(X509Certificate cert, String role) throws PkiException {
        IssuedCertificate ic = new IssuedCertificate(cert.getSerialNumber(), cert.getSubjectX500Principal().getName(), role,
                cert.getNotAfter().toInstant(), null, -1);
        List<IssuedCertificate> all = new ArrayList<>(issued());
        all.add(ic);
        writeIndex(all);
        try {
            write(dir.resolve("certs").resolve(cert.getSerialNumber().toString(16) + ".pem"), Certificates.toPem(cert));
        } catch (IOException e) {
            throw new PkiException(PkiError.CA_DATABASE, "cannot store issued certificate", e);
        }
    }

    /** Every certificate this CA issued, in issuing order (re-read from {@code index.tsv}). */
    List<IssuedCertificate> issued() throws PkiException {
        Path f = dir.resolve("index.tsv");
        try {
            List<IssuedCertificate> out = new ArrayList<>();
            if (Files.exists(f)) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        out.add(IssuedCertificate.parse(line));
                    }
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new PkiException(PkiError.CA_DATABASE, "cannot read " + f, e);
        }
    }

    /** The database entry for {@code serial}, or {@code null} when this CA did not issue it. */
    IssuedCertificate find(BigInteger serial) throws PkiException {
        for (IssuedCertificate ic : issued()) {
            if (ic.serial().equals(serial)) {
                return ic;
            }
        }
        return null;
    }

    /** Marks {@code serial} revoked at {@code at} with RFC 5280 reason code {@code reason}. */
    IssuedCertificate revoke(BigInteger serial, int reason, Instant at) throws PkiException {
        if (reason < 0 || reason > 10 || reason == 7) {
            throw new PkiException(PkiError.CA_DATABASE, "invalid CRL reason code " + reason);
        }
        List<IssuedCertificate> all = new ArrayList<>(issued());
        for (int i = 0; i < all.size(); i++) {
            IssuedCertificate ic = all.get(i);
            if (ic.serial().equals(serial)) {
                if (ic.revoked()) {
                    throw new PkiException(PkiError.CA_DATABASE, "serial " + serial.toString(16) + " is already revoked");
                }
                IssuedCertificate r = new IssuedCertificate(ic.serial(), ic.subject(), ic.role(), ic.notAfter(),
                        at, reason);
                all.set(i, r);
                writeIndex(all);
                return r;
            }
        }
        throw new PkiException(PkiError.CA_DATABASE, "serial " + serial.toString(16) + " was not issued by this CA");
    }

    private void writeIndex(List<IssuedCertificate> all) throws PkiException {
        StringBuilder sb = new StringBuilder();
        for (IssuedCertificate ic : all) {
            sb.append(ic.line()).append('\n');
        }
        try {
            write(dir.resolve("index.tsv"), sb.toString());
        } catch (IOException e) {
            throw new PkiException(PkiError.CA_DATABASE, "cannot write the CA database", e);
        }
    }

    static void write(Path f, String s) throws IOException {
        FileSecurity.writeOwnerOnly(f, s.getBytes(StandardCharsets.UTF_8));
    }
}
