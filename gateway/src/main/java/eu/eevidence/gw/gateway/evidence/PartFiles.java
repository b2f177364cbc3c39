package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.pki.ProtectedStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static eu.eevidence.gw.gateway.evidence.SealedFiles.SAFE_ID;

/**
 * The parts of uploads in progress, {@code parts/<uploadId>/<n>.p7m} under the evidence directory (ADR-0010): each part
 * sealed like an item ({@link SealedFiles}) and checked against its declared size and SHA-256 before its rename; read
 * back decrypted and verified, in order, as one stream when the upload is completed.
 */
final class PartFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PartFiles.class);

    private final Path parts;
    private final SealedFiles files;

    PartFiles(Path parts, SealedFiles files) {
        this.parts = parts;
        this.files = files;
    }

    Path partFile(String uploadId, int n) {
        if (!SAFE_ID.matcher(uploadId).matches() || n < 1) {
            throw new IllegalArgumentException("bad upload id or part number");
        }
        return parts.resolve(uploadId).resolve(n + ".p7m");
    }

    /** See {@link EvidenceStore#putPart}. */
    String putPart(String uploadId, int n, InputStream content, long size, String sha256) throws EvidenceException {
        SealedFiles.requireHex(sha256);
        Path target = partFile(uploadId, n);
        SealedFiles.Bounded in = new SealedFiles.Bounded(content, size);
        Path temp = null;
        try {
            temp = files.temp("part");
            ProtectedStream ps;
            try {
                ps = files.protect(in, content, temp, null);
            } catch (EvidenceException e) {
                if (EvidenceError.EVD_SIZE.code().equals(e.code())) {
                    throw new EvidenceException(400, EvidenceError.EVD_PART_SIZE.code(), "part " + n + " is longer than its " + size + " bytes");
                }
                throw e;
            }
            if (in.exceeded() || ps.contentLength() != size) {
                throw new EvidenceException(400, EvidenceError.EVD_PART_SIZE.code(), "part " + n + " must have exactly " + size + " bytes");
            }
            if (!ps.contentSha256Hex().equals(sha256)) {
                throw new EvidenceException(422, EvidenceError.EVD_PART_DIGEST.code(), "part " + n + " does not match its SHA-256");
            }
            SealedFiles.moveInto(temp, target);
            temp = null;
            return ps.cmsSha256Hex();
        } catch (IOException e) {
            throw new EvidenceException(500, EvidenceError.EVD_STORE.code(), "the evidence store cannot write: " + e.getMessage(), e);
        } finally {
            SealedFiles.deleteQuietly(temp);
        }
    }

    boolean hasPart(String uploadId, int n) {
        return Files.isRegularFile(partFile(uploadId, n));
    }

    /** See {@link EvidenceStore#concatenatedParts}. */
    InputStream concatenatedParts(String uploadId, int count) throws IOException {
        for (int n = 1; n <= count; n++) {
            partFile(uploadId, n);
        }
        return Pipe.start("evidence-parts-" + uploadId, out -> {
            OutputStream keepOpen = new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
            for (int n = 1; n <= count; n++) {
                try (InputStream f = Files.newInputStream(partFile(uploadId, n))) {
                    files.open(f, keepOpen);
                }
            }
        });
    }

    /** The upload ids that have a parts directory. */
    List<String> partUploads() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parts)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && SAFE_ID.matcher(name).matches()) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            LOG.warn(EvidenceError.EVD_CLEANUP.code() + " cannot list the parts directory: {}", e.getMessage());
        }
        return ids;
    }

    /** Deletes the parts of an upload (after it was completed). */
    void deleteParts(String uploadId) {
        Path dir = parts.resolve(uploadId);
        if (!SAFE_ID.matcher(uploadId).matches() || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn(EvidenceError.EVD_CLEANUP.code() + " cannot delete the parts of upload {}: {}", uploadId, e.getMessage());
        }
    }
}
