package eu.eevidence.gw.gateway.bundle;

import eu.eevidence.gw.pki.PkiException;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a court bundle (ADR-0029): {@code mimetype} first and stored (ETSI EN 319 162-1, A.1), then the files, each
 * digested as it is written, then {@code META-INF/ASiCManifest.xml} listing them and {@code META-INF/signature.p7s},
 * the node's detached CAdES signature of the manifest. Not thread-safe; one bundle per writer.
 */
public final class BundleWriter {

    /** Signs the manifest bytes: a detached CAdES SignedData (DER). */
    @FunctionalInterface
    public interface ManifestSigner {
        byte[] signDetached(byte[] manifest) throws PkiException;
    }

    private final ZipOutputStream zip;
    private final List<AsicManifest.Ref> refs = new ArrayList<>();

    public BundleWriter(OutputStream out) throws IOException {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        byte[] mime = CourtBundle.MIMETYPE.getBytes(StandardCharsets.US_ASCII);
        ZipEntry e = entry(CourtBundle.MIMETYPE_FILE);
        e.setMethod(ZipEntry.STORED);
        e.setSize(mime.length);
        e.setCompressedSize(mime.length);
        CRC32 crc = new CRC32();
        crc.update(mime);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(mime);
        zip.closeEntry();
    }

    /** Adds a file and lists it in the manifest. */
    public void add(String name, String mimeType, byte[] content) throws IOException {
        try (OutputStream o = open(name, mimeType)) {
            o.write(content);
        }
    }

    /** A stream for one file (listed in the manifest with the digest of what was written once the stream is closed). */
    public OutputStream open(String name, String mimeType) throws IOException {
        CourtBundle.checkName(name);
        zip.putNextEntry(entry(name));
        MessageDigest sha = sha256();
        return new DigestOutputStream(new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                zip.closeEntry();
                refs.add(new AsicManifest.Ref(name, mimeType, sha.digest()));
            }
        }, sha);
    }

    /** Writes the manifest and its signature and closes the container; returns the manifest bytes. */
    public byte[] finish(ManifestSigner signer) throws IOException, PkiException {
        byte[] manifest = AsicManifest.write(CourtBundle.SIGNATURE, refs);
        byte[] signature = signer.signDetached(manifest);
        zip.putNextEntry(entry(CourtBundle.MANIFEST));
        zip.write(manifest);
        zip.closeEntry();
        zip.putNextEntry(entry(CourtBundle.SIGNATURE));
        zip.write(signature);
        zip.closeEntry();
        zip.finish();
        return manifest;
    }

    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0L);
        return e;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
