package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedStream;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.ProtectedStream;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The node's sealed files under {@code <data-dir>/evidence/} (ADR-0010): content streamed into the gateway's CMS profile
 * made by the node for itself (optionally under a per-request AES-CTR layer, ADR-0020) in a temporary file that is
 * forced to disk and only then renamed atomically to its final name; and the opening of such a file (GCM tag, the node's
 * signature). Shared by the items ({@link EvidenceStore}) and the upload parts ({@link PartFiles}).
 */
final class SealedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SealedFiles.class);
    static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** An upload or request id that is safe as a file name. */
    static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    static final int BUF = 64 * 1024;

    private final Path tmp;
    private final CmsProfile cms;
    private final KeyMaterial nodeKey;
    private final SignerValidator trust;

    /** The per-request layer of a file being written: the AES-CTR cipher for its random IV. */
    @FunctionalInterface
    interface Layer {
        javax.crypto.Cipher cipher(byte[] iv) throws EvidenceException;
    }

    /** {@code cms} spools under {@code tmp}, where files are also written before their rename. */
    SealedFiles(Path tmp, CmsProfile cms, KeyMaterial nodeKey, SignerValidator trust) {
        this.tmp = tmp;
        this.cms = cms.withSpoolDirectory(tmp);
        this.nodeKey = nodeKey;
        this.trust = trust;
    }

    /** A new temporary file for {@code kind} ("item", "part"), never under a final name. */
    Path temp(String kind) throws IOException {
        return Files.createTempFile(tmp, kind + "-", ".p7m");
    }

    /** Renames a written, forced {@code temp} to {@code target} atomically and forces its directory. */
    static void moveInto(Path temp, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.getParent());
    }

    /** Seals what {@code in} gives into {@code temp} (under {@code layer}, if not null), forced to disk. */
    ProtectedStream protect(Bounded in, InputStream source, Path temp, Layer layer) throws EvidenceException, IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
             OutputStream buffered = new java.io.BufferedOutputStream(raw, BUF)) {
            OutputStream target = buffered;
            javax.crypto.Cipher cipher = null;
            if (layer != null) {
                byte[] iv = new byte[16];
                new java.security.SecureRandom().nextBytes(iv);
                buffered.write(iv);
                cipher = layer.cipher(iv);
                target = new javax.crypto.CipherOutputStream(new FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                }, cipher);
            }
            ProtectedStream ps = cms.protect(in, target, nodeKey, List.of(nodeKey.certificate()));
            if (cipher != null) {
                target.close();
            }
            buffered.flush();
            ch.force(true);
            return ps;
        } catch (PkiException e) {
            throw readFailure(in, source, e);
        }
    }

    /** Opens a sealed stream to {@code out}: GCM tag and a node's signature ({@code EEG-EVD-OPEN} when either fails). */
    OpenedStream open(InputStream cmsIn, OutputStream out) throws EvidenceException {
        try {
            OpenedStream o = cms.openStream(new BufferedInputStream(cmsIn, BUF), out, nodeKey, trust);
            if (!o.signerRoles().contains(Role.NODE)) {
                throw new EvidenceException(500, EvidenceError.EVD_OPEN.code(), "the stored evidence was not signed by a node");
            }
            return o;
        } catch (PkiException e) {
            throw new EvidenceException(500, EvidenceError.EVD_OPEN.code(), e.getMessage(), e);
        }
    }

    static EvidenceException readFailure(Bounded in, InputStream source, Exception e) {
        if (in.exceeded()) {
            return new EvidenceException(422, EvidenceError.EVD_SIZE.code(), "the content is longer than its declared size");
        }
        if (source instanceof Pipe.Input p && p.failure() != null) {
            Throwable f = p.failure();
            return f instanceof EvidenceException ee ? ee : new EvidenceException(502, EvidenceError.EVD_SOURCE.code(), "the source failed: " + f.getMessage(),
                    f);
        }
        return new EvidenceException(400, EvidenceError.EVD_INCOMPLETE.code(), "the content could not be read to its end: " + e.getMessage(), e);
    }

    static void check(Bounded in, long size, String sha256, String what) throws EvidenceException {
        if (in.exceeded() || in.count() != size) {
            throw new EvidenceException(422, EvidenceError.EVD_SIZE.code(), "the " + what + " has " + (in.exceeded() ? "more" : in.count())
                    + " bytes, declared " + size);
        }
        if (!in.sha256().equals(sha256)) {
            throw new EvidenceException(422, EvidenceError.EVD_DIGEST.code(), "the " + what + " does not match its declared SHA-256");
        }
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can sync a directory; the file itself was forced
        }
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (NoSuchFileException ignored) {
                // gone
            } catch (IOException e) {
                LOG.warn(EvidenceError.EVD_CLEANUP.code() + " cannot delete {}: {}", p.getFileName(), e.getMessage());
            }
        }
    }

    static void requireHex(String sha256) {
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256");
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest md = newDigest();
        byte[] buf = new byte[BUF];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hashes and counts what passes, and refuses to read past {@code limit} bytes (one more is detected). */
    static final class Bounded extends BoundedInputStream {
        private final MessageDigest md = newDigest();

        Bounded(InputStream in, long limit) {
            super(in, limit);
        }

        @Override
        protected void passed(byte[] b, int off, int n) {
            md.update(b, off, n);
        }

        String sha256() {
            return HexFormat.of().formatHex(md.digest());
        }
    }
}
