package eu.eevidence.gw.pki;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.util.Store;

/** The streaming halves of {@link CmsProfile} (ADR-0007). */
final class StreamingCms {

    private static final int BUF = 64 * 1024;
    private static final byte[] OID_AUTH_ENVELOPED = oidBytes(CMSObjectIdentifiers.authEnvelopedData);
    private static final byte[] OID_ENVELOPED = oidBytes(CMSObjectIdentifiers.envelopedData);

    private StreamingCms() {
    }

    private static byte[] oidBytes(ASN1ObjectIdentifier oid) {
        try {
            return oid.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ protect

    static ProtectedStream protect(CmsProfile p, InputStream content, OutputStream out, KeyMaterial signer,
            List<X509Certificate> recipients) throws PkiException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(recipients, "recipients");
        Instant now = p.clock().instant();
        SignerInfoGenerator sig = p.signerInfoGenerator(signer, now);
        DigestingOutputStream cmsOut = new DigestingOutputStream(out);
        MessageDigest contentDigest = sha256();
        long contentLength = 0;
        boolean readingInput = false;
        try {
            CMSAuthEnvelopedDataStreamGenerator eg = new CMSAuthEnvelopedDataStreamGenerator();
            CmsSealer.addRecipients(eg, recipients);
            OutputAEADEncryptor enc = (OutputAEADEncryptor) CmsProviders.gcmEncryptorBuilder().build();
            OutputStream envOut = eg.open(CMSObjectIdentifiers.data, cmsOut, enc);
            CMSSignedDataStreamGenerator sg = new CMSSignedDataStreamGenerator();
            sg.addSignerInfoGenerator(sig);
            sg.addCertificates(SignerSetup.of(signer).certStore());
            OutputStream sigOut = sg.open(envOut, true);
            byte[] buf = new byte[BUF];
            while (true) {
                readingInput = true;
                int n = content.read(buf);
                readingInput = false;
                if (n < 0) {
                    break;
                }
                contentDigest.update(buf, 0, n);
                contentLength += n;
                sigOut.write(buf, 0, n);
            }
            sigOut.close(); // writes the SignerInfo (and fetches a time-stamp when configured)
            envOut.close(); // writes the GCM tag
            cmsOut.flush();
        } catch (PkiException e) {
            throw e;
        } catch (IOException e) {
            PkiException inner = SignatureTimeStamps.unwrap(e, "");
            if (inner.error() != PkiError.INTERNAL) {
                throw inner;
            }
            throw new PkiException(PkiError.STREAM_IO, (readingInput ? "cannot read the content: " : "cannot write the CMS: ")
                    + e.getMessage(), e);
        } catch (CMSException | RuntimeException | GeneralSecurityException e) {
            throw SignatureTimeStamps.unwrap(e, "cannot protect the stream");
        }
        return new ProtectedStream(contentDigest.digest(), contentLength, cmsOut.digest(), cmsOut.count(), now);
    }

    // ------------------------------------------------------------------------------------------ open

    static OpenedStream open(CmsProfile p, InputStream cms, OutputStream out, KeyMaterial recipient,
            SignerValidator trust) throws PkiException {
        Objects.requireNonNull(cms, "cms");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(trust, "trust");
        DigestingInputStream cin = new DigestingInputStream(new BufferedInputStream(cms, BUF));
        checkContentType(cin);
        try (EncryptedSpool spool = newSpool(p)) {
            // 1. outer structure and allow-list, before any cryptography
            CMSAuthEnvelopedDataParser parser;
            RecipientInformation ours;
            try {
                parser = new CMSAuthEnvelopedDataParser(cin);
                CmsAlgorithmPolicy.checkContentEncryption(parser.getEncryptionAlgOID());
                RecipientInformationStore ris = parser.getRecipientInfos();
                if (ris.size() == 0) {
                    throw new PkiException(PkiError.MALFORMED_CMS, "no RecipientInfo");
                }
                for (RecipientInformation ri : ris.getRecipients()) {
                    CmsAlgorithmPolicy.checkRecipientPolicy(ri);
                }
                ours = CmsOpener.findRecipient(ris, recipient);
            } catch (PkiException e) {
                throw e;
            } catch (CMSException | IOException | RuntimeException | StackOverflowError e) {
                throw cin.failed() ? ioFailure(e) : new PkiException(PkiError.MALFORMED_CMS, "unparseable AuthEnvelopedData", e);
            }
            // 2. key unwrap, then streaming decryption: plaintext goes to the encrypted spool only
            InputStream plain;
            try {
                CMSTypedStream ts = ours.getContentStream(CmsOpener.decryptor(ours, recipient));
                plain = ts.getContentStream();
            } catch (CMSException | RuntimeException e) {
                throw new PkiException(PkiError.DECRYPTION_FAILED, "content-encryption key could not be recovered", e);
            }
            MessageDigest contentDigest = sha256();
            long contentLength = 0;
            SignerInformation signer = null;
            Store<X509CertificateHolder> certs = null;
            PkiException pending = null;
            try {
                CMSSignedDataParser sp = new CMSSignedDataParser(CmsProviders.digestCalculators(), plain);
                for (AlgorithmIdentifier a : sp.getDigestAlgorithmIDs()) {
                    CmsAlgorithmPolicy.checkDigestAlg(a, "digest");
                }
                if (!CMSObjectIdentifiers.data.getId().equals(sp.getSignedContentTypeOID())) {
                    throw new PkiException(PkiError.MALFORMED_CMS, "encapsulated content type must be id-data");
                }
                CMSTypedStream signedContent = sp.getSignedContent();
                if (signedContent == null) {
                    throw new PkiException(PkiError.MALFORMED_CMS, "detached content is not allowed");
                }
                try (InputStream sc = signedContent.getContentStream(); OutputStream w = spool.writer()) {
                    byte[] buf = new byte[BUF];
                    int n;
                    while ((n = sc.read(buf)) >= 0) {
                        contentDigest.update(buf, 0, n);
                        contentLength += n;
                        w.write(buf, 0, n);
                    }
                }
                @SuppressWarnings("unchecked")
                Store<X509CertificateHolder> c = sp.getCertificates();
                certs = c;
                CmsOpener.parseAllCertificates(sp.getCertificateSet());
                SignerInformationStore sis = sp.getSignerInfos();
                Collection<SignerInformation> all = sis.getSigners();
                if (all.size() != 1) {
                    throw new PkiException(PkiError.SIGNATURE_INVALID, "exactly one signer required, found " + all.size());
                }
                signer = all.iterator().next();
                CmsAlgorithmPolicy.checkSignerInfoPolicy(signer.toASN1Structure());
            } catch (PkiException e) {
                pending = e;
            } catch (CMSException | IOException | RuntimeException | StackOverflowError e) {
                pending = cin.failed() ? ioFailure(e) : badTag(e) ? new PkiException(PkiError.DECRYPTION_FAILED,
                        "decryption or authentication failed", e) : new PkiException(PkiError.MALFORMED_CMS, "unparseable SignedData", e);
            }
            // 3. read the envelope to its end: this checks the GCM tag; a bad tag wins over any parse error
            try {
                drain(plain);
            } catch (IOException | RuntimeException e) {
                throw cin.failed() ? ioFailure(e) : new PkiException(PkiError.DECRYPTION_FAILED,
                        "decryption or authentication failed", e);
            }
            if (pending != null) {
                throw pending;
            }
            try {
                if (parser.getAuthAttrs() != null) {
                    throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "authenticated attributes are not supported");
                }
                parser.getUnauthAttrs();
                drain(cin);
            } catch (PkiException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw cin.failed() ? ioFailure(e) : new PkiException(PkiError.MALFORMED_CMS, "unparseable end of message", e);
            }
            // 4. signature, certificate path, revocation, replay: all before a single byte is released
            CmsOpener.Verified v = p.verifySigner(signer, certs, trust);
            // 5. release the authenticated content
            try (InputStream r = spool.reader()) {
                r.transferTo(out);
                out.flush();
            } catch (IOException e) {
                throw new PkiException(PkiError.STREAM_IO, "cannot write the opened content: " + e.getMessage(), e);
            }
            return new OpenedStream(v.cert(), Role.of(v.cert()), v.signingTime(), contentDigest.digest(), contentLength,
                    cin.digest(), cin.count());
        } catch (IOException e) {
            throw new PkiException(PkiError.STREAM_IO, "cannot create the spool file: " + e.getMessage(), e);
        }
    }

    private static EncryptedSpool newSpool(CmsProfile p) throws IOException {
        return new EncryptedSpool(p.spoolDirectory());
    }

    /** Reads the ContentInfo header (SEQUENCE, contentType) with mark/reset; rejects EnvelopedData before parsing. */
    private static void checkContentType(DigestingInputStream in) throws PkiException {
        try {
            in.mark(64);
            byte[] head = in.readNBytes(32);
            in.reset();
            int i = 0;
            if (head.length < 2 || (head[i++] & 0xff) != 0x30) {
                throw new PkiException(PkiError.MALFORMED_CMS, "not a ContentInfo SEQUENCE");
            }
            int l = head[i++] & 0xff;
            if (l > 0x80) {
                i += l & 0x7f;
            }
            if (i + 2 > head.length || head[i] != 0x06) {
                throw new PkiException(PkiError.MALFORMED_CMS, "ContentInfo without contentType");
            }
            int ol = head[i + 1] & 0xff;
            byte[] oid = Arrays.copyOfRange(head, i, Math.min(head.length, i + 2 + ol));
            if (Arrays.equals(oid, OID_ENVELOPED)) {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                        "EnvelopedData (unauthenticated encryption) is not allowed; AuthEnvelopedData with AES-256-GCM required");
            }
            if (!Arrays.equals(oid, OID_AUTH_ENVELOPED)) {
                throw new PkiException(PkiError.MALFORMED_CMS, "not an AuthEnvelopedData");
            }
        } catch (IOException e) {
            throw new PkiException(PkiError.STREAM_IO, "cannot read the message: " + e.getMessage(), e);
        }
    }

    /** The GCM tag check failed somewhere below (BC reports it wrapped in CMS/IO/state exceptions). */
    private static boolean badTag(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.crypto.AEADBadTagException || t instanceof org.bouncycastle.crypto.io.InvalidCipherTextIOException
                    || t instanceof org.bouncycastle.crypto.InvalidCipherTextException) {
                return true;
            }
        }
        return false;
    }

    private static PkiException ioFailure(Throwable e) {
        return new PkiException(PkiError.STREAM_IO, "cannot read the message: " + e.getMessage(), e);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[BUF];
        while (in.read(buf) >= 0) {
            // discard
        }
    }

    /**
     * The detached custody-log digests use the JDK's SHA-256 (CPU intrinsics); everything the signature check relies
     * on is computed by BC inside the CMS classes.
     */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts and digests what passes; remembers whether the underlying stream itself failed. */
    static final class DigestingInputStream extends FilterInputStream {
        private final MessageDigest md = sha256();
        private long count;
        private boolean failed;
        private long markCount;
        private boolean marked;

        DigestingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            if (n > 0 && !marked) {
                md.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            marked = true;
            markCount = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            marked = false;
            count = markCount;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, BUF)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        boolean failed() {
            return failed;
        }

        byte[] digest() {
            return md.digest();
        }

        long count() {
            return count;
        }
    }

    static final class DigestingOutputStream extends FilterOutputStream {
        private final MessageDigest md = sha256();
        private long count;

        DigestingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            md.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            md.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush(); // never closes the caller's stream
        }

        byte[] digest() {
            return md.digest();
        }

        long count() {
            return count;
        }
    }
}
