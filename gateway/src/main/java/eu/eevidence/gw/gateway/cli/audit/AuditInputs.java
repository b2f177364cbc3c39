package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.Uint64;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.tiles.LogSource;
import eu.eevidence.gw.custody.tiles.LogSources;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import eu.eevidence.gw.gateway.cli.CliError;
import eu.eevidence.gw.gateway.node.NodeError;

/** Parsing of what an auditor types: unsigned sizes, base64 hashes, proofs, verifier keys, log locations. */
final class AuditInputs {

    private AuditInputs() {
    }

    /** Thrown for malformed input (exit code 2). */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    static long uint(String text, String what) throws Malformed {
        try {
            return Uint64.parse(text, what);
        } catch (CustodyException e) {
            throw new Malformed(e.oneLine());
        }
    }

    static byte[] hash(String b64, String what) throws Malformed {
        try {
            byte[] h = Base64.getDecoder().decode(b64.strip());
            if (h.length != 32) {
                throw new Malformed(CustodyError.MALFORMED_HASH.code() + " " + what + " is not a 32-byte hash");
            }
            return h;
        } catch (IllegalArgumentException e) {
            throw new Malformed(CustodyError.MALFORMED_HASH.code() + " " + what + " is not base64");
        }
    }

    static List<byte[]> proof(String list) throws Malformed {
        List<byte[]> out = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        String[] parts = list.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            out.add(hash(parts[i], "proof element " + i));
        }
        return out;
    }

    /** The vkey text, or a file holding it. */
    static NoteVerifierKey vkey(String vkeyOrFile) throws Malformed {
        String text = vkeyOrFile;
        try {
            Path p = Path.of(vkeyOrFile);
            if (!vkeyOrFile.contains("+") && Files.isRegularFile(p)) {
                text = Files.readString(p, StandardCharsets.UTF_8).strip();
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new Malformed(CustodyError.VKEY_MALFORMED.code() + " cannot read verifier key file " + vkeyOrFile);
        }
        try {
            return NoteVerifierKey.parse(text);
        } catch (CustodyException e) {
            throw new Malformed(e.oneLine());
        }
    }

    static LogSource source(String where, HttpOptions http) throws Malformed {
        try {
            return LogSources.open(where, http.client());
        } catch (CustodyException e) {
            throw new Malformed(e.oneLine());
        }
    }

    /** TLS options for an https log: the CA to trust and the auditor's client certificate (role auditor). */
    /** {@code --log} and {@code --vkey}, shared by the commands that read a signed log (verify, record, watch). */
    static final class LogOptions {
        @picocli.CommandLine.Option(names = "--log", required = true, paramLabel = "URL_OR_DIR",
                description = "https://node/custody/, a directory, or a .zip archive.")
        String log;

        @picocli.CommandLine.Option(names = "--vkey", required = true, paramLabel = "VKEY",
                description = "The node's note verifier key (name+keyid+key), or a file holding it.")
        String vkey;

        NoteVerifierKey key() throws Malformed {
            return vkey(vkey);
        }

        LogSource open(HttpOptions http) throws Malformed {
            return source(log, http);
        }
    }

    static final class HttpOptions {
        @picocli.CommandLine.Option(names = "--trust", description = "PEM file with the CA certificate(s) to trust for an https log (default: the JVM's).")
        Path trust;

        @picocli.CommandLine.Option(names = "--client-p12", description = "PKCS#12 file with the auditor's client certificate for an https log.")
        Path clientP12;

        @picocli.CommandLine.Option(names = "--client-p12-password-file", description = "File holding the PKCS#12 password (or env EEG_AUDITOR_P12_PASSWORD).")
        Path clientP12Password;

        HttpClient client() throws Malformed {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NEVER);
            if (trust == null && clientP12 == null) {
                return b.build();
            }
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                if (trust != null) {
                    KeyStore ts = KeyStore.getInstance("PKCS12");
                    ts.load(null, null);
                    try (InputStream in = Files.newInputStream(trust)) {
                        int i = 0;
                        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                            ts.setCertificateEntry("ca" + i++, c);
                        }
                    }
                    tmf.init(ts);
                } else {
                    tmf.init((KeyStore) null);
                }
                KeyManagerFactory kmf = null;
                if (clientP12 != null) {
                    char[] pw = password();
                    KeyStore ks = KeyStore.getInstance("PKCS12");
                    try (InputStream in = Files.newInputStream(clientP12)) {
                        ks.load(in, pw);
                    }
                    kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    kmf.init(ks, pw);
                }
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                return b.sslContext(ctx).build();
            } catch (Exception e) {
                throw new Malformed(CliError.CFG_007.code() + " cannot set up TLS for the log: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        }

        private char[] password() throws IOException, Malformed {
            if (clientP12Password != null) {
                return Files.readString(clientP12Password, StandardCharsets.UTF_8).strip().toCharArray();
            }
            String env = System.getenv("EEG_AUDITOR_P12_PASSWORD");
            if (env == null) {
                throw new Malformed(NodeError.CFG_006.code() + " no password: give --client-p12-password-file or set EEG_AUDITOR_P12_PASSWORD");
            }
            return env.toCharArray();
        }
    }
}
