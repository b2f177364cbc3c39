package eu.eevidence.gw.pki.ca;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

import eu.eevidence.gw.pki.BouncyCastle;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.TimeStamper;
import eu.eevidence.gw.pki.Role;

/**
 * A development RFC 3161 time-stamping authority as a pure function: DER TimeStampReq in, DER TimeStampResp out
 * ({@link #respond}). Accepts SHA-256/384/512 imprints only; tokens are signed with the TSA key (certificate
 * from {@link CertificateAuthority#issueTimeStamping}) with ECDSA-SHA256 or RSASSA-PSS-SHA256, ESSCertIDv2,
 * accuracy 1 s, the time from the injected clock and the policy {@code Role.ARC + ".100.1"}. Also a
 * {@link TimeStamper} for in-process CAdES-T. {@link #respond} never throws: bad requests get a rejection status.
 */
public final class DevTsa implements TimeStamper {

    /** The development TSA policy OID. */
    public static final String POLICY = Role.ARC + ".100.1";
    private static final Set<ASN1ObjectIdentifier> ALLOWED = Set.of(NISTObjectIdentifiers.id_sha256,
            NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);
    private static final int MAX_REQUEST = 64 * 1024;

    private final TimeStampResponseGenerator generator;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DevTsa(KeyMaterial tsa, Clock clock) throws PkiException {
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            boolean rsa = tsa.privateKey() instanceof java.security.interfaces.RSAPrivateKey;
            SignerInfoGenerator sig = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.provider()).build())
                    .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(rsa ? "SHA256withRSAandMGF1" : "SHA256withECDSA")
                            .setProvider(BouncyCastle.provider()).build(tsa.privateKey()), tsa.certificate());
            DigestCalculator sha256 = new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.provider()).build()
                    .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
            TimeStampTokenGenerator tg = new TimeStampTokenGenerator(sig, sha256, new ASN1ObjectIdentifier(POLICY));
            tg.addCertificates(new JcaCertStore(tsa.chain()));
            tg.setAccuracySeconds(1);
            this.generator = new TimeStampResponseGenerator(tg, ALLOWED);
        } catch (Exception e) {
            throw new PkiException(PkiError.INTERNAL, "cannot set up the development TSA: " + e.getMessage(), e);
        }
    }

    /** DER TimeStampReq -> DER TimeStampResp. */
    public byte[] respond(byte[] timeStampReq) {
        try {
            if (timeStampReq == null || timeStampReq.length == 0 || timeStampReq.length > MAX_REQUEST) {
                return reject("empty or oversized request");
            }
            TimeStampRequest req;
            try {
                req = new TimeStampRequest(timeStampReq);
            } catch (Exception | StackOverflowError e) {
                return reject("unparseable request");
            }
            synchronized (generator) {
                return generator.generateGrantedResponse(req, new BigInteger(64, random).add(BigInteger.ONE),
                        Date.from(clock.instant())).getEncoded();
            }
        } catch (TSPException e) {
            return reject(e.getMessage());
        } catch (Exception e) {
            return reject("internal error");
        }
    }

    private byte[] reject(String why) {
        try {
            synchronized (generator) {
                return generator.generateRejectedResponse(new TSPException(why == null ? "rejected" : why)).getEncoded();
            }
        } catch (Exception e) {
            // TimeStampResp ::= SEQUENCE { status PKIStatusInfo { status rejection(2) } }
            return new byte[] {0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02};
        }
    }

    @Override
    public byte[] timeStampToken(byte[] sha256) throws PkiException {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        TimeStampRequest req = g.generate(NISTObjectIdentifiers.id_sha256, sha256, new BigInteger(64, random));
        try {
            TimeStampResponse resp = new TimeStampResponse(respond(req.getEncoded()));
            resp.validate(req);
            if (resp.getTimeStampToken() == null) {
                throw new PkiException(PkiError.TSA_UNAVAILABLE, "development TSA refused: " + resp.getStatusString());
            }
            return resp.getTimeStampToken().getEncoded();
        } catch (PkiException e) {
            throw e;
        } catch (Exception e) {
            throw new PkiException(PkiError.TSA_UNAVAILABLE, "development TSA failed: " + e.getMessage(), e);
        }
    }
}
