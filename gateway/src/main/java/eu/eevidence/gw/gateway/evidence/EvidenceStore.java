package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.FileSecurity;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedStream;
import eu.eevidence.gw.pki.ProtectedStream;
import eu.eevidence.gw.pki.SignerValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static eu.eevidence.gw.gateway.evidence.SealedFiles.SAFE_ID;

/**
 * Evidence bytes at rest under {@code <data-dir>/evidence/} (ADR-0010). Every file is the gateway's one CMS profile
 * (ADR-0005/0007) made by the node for itself: SignedData by the node's key inside AuthEnvelopedData (AES-256-GCM)
 * whose only recipient is the node's own certificate, so that {@code openssl cms -decrypt} then {@code -verify} with
 * the node's key opens it. Streaming in both directions: constant memory whatever the size.
 *
 * <ul>
 * <li>{@code items/<sha256[0..2]>/<sha256>.p7m}: one file per distinct content (stored once by content hash);</li>
 * <li>{@code parts/<uploadId>/<n>.p7m}: parts of an upload in progress, each encrypted the same way;</li>
 * <li>{@code tmp/}: files being written, and the encrypted spool of the streaming opening.</li>
 * </ul>
 * A file appears under its final name only by an atomic rename after it was written, forced to disk, and its
 * content's size and SHA-256 (computed on the way in) matched what was declared; anything else is deleted. Reading
 * checks the SHA-256 of the encrypted file against the one recorded when it was stored (a swapped or altered file is
 * refused before any decryption), then the GCM tag and the node's signature; no plaintext is released before all
 * three pass.
 */
public final class EvidenceStore {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceStore.class);

    private final Path root;
    private final Path items;
    private final Path tmp;
    private final SealedFiles files;
    private final PartFiles parts;
    private final Path perRequest;
    private final RequestKeys requestKeys;

    /**
     * The data key of a request (ADR-0020), or {@code EEG-RET-PURGED} (410) once it was destroyed. Items stored for a
     * request are its own files under {@code items/r/<requestId>/}, encrypted a second time (AES-256-CTR under a key
     * derived from the request's data key) around the node's CMS, so that destroying the key makes every copy unreadable.
     */
    @FunctionalInterface
    public interface RequestKeys {
        javax.crypto.SecretKey key(String requestId) throws EvidenceException;
    }

    /** What was stored (or found already stored). */
    public record Stored(String sha256, long size, String cmsSha256, boolean duplicate) {
    }

    public EvidenceStore(Path dataDir, CmsProfile cms, KeyMaterial nodeKey, SignerValidator trust) throws IOException {
        this(dataDir, cms, nodeKey, trust, null);
    }

    /** {@code requestKeys}: per-request data keys and files (ADR-0020); null: the shared layout. */
    public EvidenceStore(Path dataDir, CmsProfile cms, KeyMaterial nodeKey, SignerValidator trust, RequestKeys requestKeys) throws IOException {
        this.requestKeys = requestKeys;
        this.root = dataDir.resolve("evidence");
        this.items = root.resolve("items");
        Path partsDir = root.resolve("parts");
        this.tmp = root.resolve("tmp");
        this.perRequest = items.resolve("r");
        for (Path d : List.of(root, items, partsDir, tmp, perRequest)) {
            FileSecurity.createOwnerOnlyDirectory(d);
        }
        this.files = new SealedFiles(tmp, cms, nodeKey, trust);
        this.parts = new PartFiles(partsDir, files);
        cleanTmp();
    }

    /** Left-overs of a crash while writing: never under a final name, deleted at start. */
    private void cleanTmp() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The file of an item. */
    Path itemFile(String sha256) {
        requireHex(sha256);
        return items.resolve(sha256.substring(0, 2)).resolve(sha256 + ".p7m");
    }

    /** The directory of a request's own items (per-request layout), or null in the shared layout. */
    Path requestDir(String requestId) {
        if (requestKeys == null || requestId == null) {
            return null;
        }
        if (!SAFE_ID.matcher(requestId).matches()) {
            throw new IllegalArgumentException("bad request id");
        }
        return perRequest.resolve(requestId);
    }

    /** The file of an item of a request: its own file in the per-request layout, else the shared one. */
    Path itemFile(String requestId, String sha256) {
        Path dir = requestDir(requestId);
        if (dir == null) {
            return itemFile(sha256);
        }
        requireHex(sha256);
        Path own = dir.resolve(sha256 + ".p7m.ctr");
        Path shared = itemFile(sha256);
        return !Files.exists(own) && Files.isRegularFile(shared) ? shared : own; // items stored before ADR-0020 stay readable
    }

    /** True when items are stored per request (ADR-0020): de-duplication only within a request. */
    public boolean perRequest() {
        return requestKeys != null;
    }

    /**
     * Deletes every file of a request (its items in the per-request layout). Items in the shared layout (stored before
     * ADR-0020) are deleted only when no other request refers to them ({@code stillReferenced} false).
     */
    public void deleteRequest(String requestId, java.util.Collection<String> sharedSha256s, java.util.function.Predicate<String> stillReferenced) {
        Path dir = SAFE_ID.matcher(requestId).matches() ? perRequest.resolve(requestId) : null;
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
                forceDirectory(perRequest);
            } catch (IOException e) {
                LOG.warn(EvidenceError.EVD_CLEANUP.code() + " cannot delete the evidence of request {}: {}", requestId, e.getMessage());
            }
        }
        for (String sha : sharedSha256s) {
            if (SealedFiles.HEX64.matcher(sha).matches() && !stillReferenced.test(sha)) {
                deleteQuietly(itemFile(sha));
            }
        }
    }

    private javax.crypto.Cipher ctr(String requestId, String sha256, byte[] iv, int mode) throws EvidenceException {
        javax.crypto.SecretKey k = eu.eevidence.gw.gateway.infra.DataKeys.derive(requestKeys.key(requestId), "evidence/" + sha256);
        try {
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
            c.init(mode, k, new javax.crypto.spec.IvParameterSpec(iv));
            return c;
        } catch (java.security.GeneralSecurityException e) {
            throw new EvidenceException(500, EvidenceError.EVD_STORE.code(), "AES-CTR unavailable", e);
        }
    }

    /** The CMS bytes of a stored item file (the per-request layer removed). */
    private InputStream cmsStream(String requestId, String sha256, Path file) throws EvidenceException, IOException {
        InputStream in = Files.newInputStream(file);
        if (requestDir(requestId) == null || !file.getFileName().toString().endsWith(".ctr")) {
            return in;
        }
        byte[] iv = in.readNBytes(16);
        if (iv.length != 16) {
            in.close();
            throw new EvidenceException(500, EvidenceError.EVD_TAMPERED.code(), "the stored evidence failed its integrity check; nothing was released");
        }
        return new javax.crypto.CipherInputStream(in, ctr(requestId, sha256, iv, javax.crypto.Cipher.DECRYPT_MODE));
    }

    public boolean contains(String requestId, String sha256) {
        return Files.isRegularFile(itemFile(requestId, sha256));
    }

    public Stored put(String requestId, InputStream content, long size, String sha256, String knownCmsSha256) throws EvidenceException {
        return put(requestId, sha256, content, size, knownCmsSha256);
    }

    public long read(String requestId, String sha256, String cmsSha256, OutputStream out) throws EvidenceException, IOException {
        check(requestId, sha256, cmsSha256);
        return readChecked(requestId, sha256, out);
    }

    Path partFile(String uploadId, int n) {
        return parts.partFile(uploadId, n);
    }

    public boolean contains(String sha256) {
        return Files.isRegularFile(itemFile(sha256));
    }

    /**
     * Stores {@code content} if its size and SHA-256 are the declared ones. When the same content is already stored
     * ({@code knownCmsSha256} is the SHA-256 of its file as recorded, or null if the node knows no such item) the
     * content is only hashed and nothing is written. Never reads more than {@code size + 1} bytes.
     *
     * @throws EvidenceException {@code EEG-EVD-SIZE} or {@code EEG-EVD-DIGEST} (422) when the content is not what was
     *                           declared, {@code EEG-EVD-SOURCE} (502) when the source failed, {@code EEG-EVD-STORE} (500)
     */
    public Stored put(InputStream content, long size, String sha256, String knownCmsSha256) throws EvidenceException {
        return put(null, sha256, content, size, knownCmsSha256);
    }

    private Stored put(String requestId, String sha256, InputStream content, long size, String knownCmsSha256) throws EvidenceException {
        requireHex(sha256);
        Path target = itemFile(requestId, sha256);
        SealedFiles.Bounded in = new SealedFiles.Bounded(content, size);
        if (knownCmsSha256 != null && Files.isRegularFile(target)) {
            try {
                byte[] buf = new byte[SealedFiles.BUF];
                while (in.read(buf) >= 0) {
                    // hash only: the content is already stored
                }
            } catch (IOException e) {
                throw SealedFiles.readFailure(in, content, e);
            }
            SealedFiles.check(in, size, sha256, "item");
            return new Stored(sha256, size, knownCmsSha256, true);
        }
        Path temp = null;
        try {
            temp = files.temp("item");
            ProtectedStream ps = files.protect(in, content, temp, requestDir(requestId) == null ? null
                    : iv -> ctr(requestId, sha256, iv, javax.crypto.Cipher.ENCRYPT_MODE));
            SealedFiles.check(in, size, sha256, "item");
            if (ps.contentLength() != size || !ps.contentSha256Hex().equals(sha256)) {
                throw new EvidenceException(422, EvidenceError.EVD_DIGEST.code(), "the content does not match its declared SHA-256");
            }
            SealedFiles.moveInto(temp, target);
            temp = null;
            return new Stored(sha256, size, ps.cmsSha256Hex(), false);
        } catch (IOException e) {
            throw new EvidenceException(500, EvidenceError.EVD_STORE.code(), "the evidence store cannot write: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Stores part {@code n} of an upload (replacing an earlier version of it) if it has exactly {@code size} bytes and
     * the SHA-256 {@code sha256}. Returns the SHA-256 of the encrypted part file.
     */
    public String putPart(String uploadId, int n, InputStream content, long size, String sha256) throws EvidenceException {
        return parts.putPart(uploadId, n, content, size, sha256);
    }

    public boolean hasPart(String uploadId, int n) {
        return parts.hasPart(uploadId, n);
    }

    /** The plaintext of parts 1..count in order, each part decrypted and verified, as one stream (a producer thread). */
    public InputStream concatenatedParts(String uploadId, int count) throws IOException {
        return parts.concatenatedParts(uploadId, count);
    }

    /** The upload ids that have a parts directory. */
    public List<String> partUploads() {
        return parts.partUploads();
    }

    /** Deletes the parts of an upload (after it was completed). */
    public void deleteParts(String uploadId) {
        parts.deleteParts(uploadId);
    }

    /**
     * Writes the plaintext of item {@code sha256} to {@code out} after checking the encrypted file against
     * {@code cmsSha256}, the GCM tag and the node's signature. Returns the number of bytes written.
     *
     * @throws EvidenceException {@code EEG-EVD-TAMPERED} (500) when any check fails (nothing was written),
     *                           {@code EEG-EVD-MISSING} (500) when the file is gone
     * @throws IOException       when {@code out} fails (a client that went away)
     */
    public long read(String sha256, String cmsSha256, OutputStream out) throws EvidenceException, IOException {
        return read(null, sha256, cmsSha256, out);
    }

    /**
     * The first, cheap check of {@link #read}: the item's encrypted file exists and has the SHA-256 recorded when it
     * was stored (callers that must answer before streaming call it first, then {@link #readChecked}).
     */
    public void check(String sha256, String cmsSha256) throws EvidenceException, IOException {
        check(null, sha256, cmsSha256);
    }

    /** {@link #check(String, String)} of an item of a request (the CMS bytes under the per-request layer are hashed). */
    public void check(String requestId, String sha256, String cmsSha256) throws EvidenceException, IOException {
        if (requestDir(requestId) != null) {
            requestKeys.key(requestId); // EEG-RET-PURGED (410) once the request's data key was destroyed
        }
        Path file = itemFile(requestId, sha256);
        if (!Files.isRegularFile(file)) {
            LOG.error(EvidenceError.EVD_MISSING.code() + " evidence file {} is missing", file.getFileName());
            throw new EvidenceException(500, EvidenceError.EVD_MISSING.code(), "the stored evidence file is missing");
        }
        String actual;
        try (InputStream in = cmsStream(requestId, sha256, file)) {
            actual = sha256(in);
        }
        if (!actual.equals(cmsSha256)) {
            LOG.error(EvidenceError.EVD_TAMPERED.code() + " evidence file {} differs from what was stored (file SHA-256 {})", file.getFileName(), actual);
            throw new EvidenceException(500, EvidenceError.EVD_TAMPERED.code(), "the stored evidence failed its integrity check; nothing was released");
        }
    }

    /** {@link #read} after {@link #check}: GCM tag, node signature and content hash, then the plaintext. */
    public long readChecked(String sha256, OutputStream out) throws EvidenceException, IOException {
        return readChecked(null, sha256, out);
    }

    /** {@link #readChecked(String, OutputStream)} of an item of a request. */
    public long readChecked(String requestId, String sha256, OutputStream out) throws EvidenceException, IOException {
        Path file = itemFile(requestId, sha256);
        Counting counted = new Counting(out);
        try (InputStream in = cmsStream(requestId, sha256, file)) {
            OpenedStream opened = files.open(in, counted);
            if (!opened.contentSha256Hex().equals(sha256)) {
                LOG.error(EvidenceError.EVD_TAMPERED.code() + " evidence file {} holds other content ({})", file.getFileName(), opened.contentSha256Hex());
                throw new EvidenceException(500, EvidenceError.EVD_TAMPERED.code(), "the stored evidence holds other content than recorded");
            }
            return opened.contentLength();
        } catch (EvidenceException e) {
            if (counted.count > 0 && EvidenceError.EVD_OPEN.code().equals(e.code())) {
                throw new IOException("the reader went away", e);
            }
            if (EvidenceError.EVD_OPEN.code().equals(e.code())) {
                LOG.error(EvidenceError.EVD_TAMPERED.code() + " evidence file {}: {}", file.getFileName(), e.getMessage());
                throw new EvidenceException(500, EvidenceError.EVD_TAMPERED.code(), "the stored evidence failed its integrity check; nothing was released", e);
            }
            throw e;
        }
    }

    private static void deleteQuietly(Path p) {
        SealedFiles.deleteQuietly(p);
    }

    private static void forceDirectory(Path dir) {
        SealedFiles.forceDirectory(dir);
    }

    private static void requireHex(String sha256) {
        SealedFiles.requireHex(sha256);
    }

    static String sha256(InputStream in) throws IOException {
        return SealedFiles.sha256(in);
    }

    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            out.write(b, off, len);
        }

        @Override
        public void write(int b) throws IOException {
            count++;
            out.write(b);
        }
    }
}
