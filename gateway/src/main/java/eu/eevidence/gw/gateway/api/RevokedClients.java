package eu.eevidence.gw.gateway.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A stop-gap deny list of client certificates, until the node checks CRLs/OCSP on its TLS layer: the file
 * {@code <dataDir>/pki/revoked-clients} holds one SHA-256 certificate fingerprint (hex, as {@code Certificates.sha256Fingerprint})
 * per line, {@code #} starts a comment. It is re-read when its modification time changes, so an operator (or a simulation)
 * revokes a client without restarting the node. A missing file means nothing is revoked.
 */
public final class RevokedClients {

    private static final Logger LOG = LoggerFactory.getLogger(RevokedClients.class);
    /** The file name under the node's {@code pki/} directory. */
    public static final String FILE = "revoked-clients";

    private final Path file;
    private volatile FileTime seen;
    private volatile Set<String> revoked = Set.of();

    public RevokedClients(Path file) {
        this.file = file;
    }

    /** Nothing revoked, no file read. */
    public static RevokedClients none() {
        return new RevokedClients(null);
    }

    public boolean isRevoked(String sha256Fingerprint) {
        if (file == null) {
            return false;
        }
        reloadIfChanged();
        return revoked.contains(sha256Fingerprint.toLowerCase(Locale.ROOT));
    }

    private void reloadIfChanged() {
        try {
            FileTime t = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            if (t == null) {
                revoked = Set.of();
                seen = null;
                return;
            }
            if (t.equals(seen)) {
                return;
            }
            synchronized (this) {
                Set<String> s = new HashSet<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String v = line.strip();
                    if (!v.isEmpty() && !v.startsWith("#")) {
                        s.add(v.toLowerCase(Locale.ROOT));
                    }
                }
                revoked = Set.copyOf(s);
                seen = t;
                LOG.info(ApiError.AUTH_REVOKED_LIST.code() + " {} revoked client certificate(s) from {}", s.size(), file);
            }
        } catch (IOException e) {
            LOG.warn(ApiError.AUTH_REVOKED_LIST_UNREADABLE.code() + " {}: {} (keeping the previous list)", file, e.getClass().getSimpleName());
        }
    }
}
