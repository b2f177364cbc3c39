package eu.eevidence.gw.pki;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * RFC 3161 client for an external TSA: HTTP POST of a TimeStampReq ({@code application/timestamp-query}, SHA-256
 * imprint, random 64-bit nonce, certReq) with {@code java.net.http}; the TimeStampResp must be granted, match the
 * request (imprint, nonce, policy) and, when {@code tsaTrust} is given, verify with a TSA certificate that chains
 * to it. Answers are limited to 1 MiB; redirects are not followed.
 */
public final class TsaClient implements TimeStamper {

    private final URI url;
    private final Duration timeout;
    private final SignerValidator tsaTrust;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    /** @param tsaTrust anchors for the TSA certificate, or {@code null} to check only the response's consistency */
    public TsaClient(URI url, Duration timeout, SignerValidator tsaTrust) {
        this(url, timeout, tsaTrust, null);
    }

    /** @param tls TLS context for an https TSA (for example {@link Tls#sslContext}), or {@code null} for the JDK default */
    public TsaClient(URI url, Duration timeout, SignerValidator tsaTrust, javax.net.ssl.SSLContext tls) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.tsaTrust = tsaTrust;
        this.http = HttpOcspClient.client(timeout, tls);
    }

    @Override
    public byte[] timeStampToken(byte[] sha256) throws PkiException {
        if (sha256 == null || sha256.length != 32) {
            throw new PkiException(PkiError.INTERNAL, "a 32-byte SHA-256 imprint is required");
        }
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        TimeStampRequest req = g.generate(NISTObjectIdentifiers.id_sha256, sha256, new BigInteger(64, random));
        byte[] body;
        try {
            body = req.getEncoded();
        } catch (java.io.IOException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot encode the time-stamp request", e);
        }
        byte[] answer = HttpOcspClient.post(http, url, "application/timestamp-query", "application/timestamp-reply", body,
                timeout, PkiError.TSA_UNAVAILABLE);
        return tokenFrom(req, answer, tsaTrust);
    }

    /** Checks a TimeStampResp against its request and returns the DER token. */
    static byte[] tokenFrom(TimeStampRequest req, byte[] answer, SignerValidator tsaTrust) throws PkiException {
        try {
            TimeStampResponse resp = new TimeStampResponse(answer);
            resp.validate(req); // status granted, imprint, nonce, policy, ESS certificate id
            TimeStampToken token = resp.getTimeStampToken();
            if (token == null) {
                throw new PkiException(PkiError.TSA_UNAVAILABLE, "TSA refused: status " + resp.getStatus() + " "
                        + resp.getStatusString());
            }
            byte[] der = token.getEncoded();
            if (tsaTrust != null) {
                SignatureTimeStamps.verifyTokenForImprint(token.toCMSSignedData().toASN1Structure(), req.getMessageImprintDigest(),
                        tsaTrust);
            }
            return der;
        } catch (PkiException e) {
            throw e;
        } catch (TSPException e) {
            throw new PkiException(PkiError.TSA_UNAVAILABLE, "TSA answer rejected: " + e.getMessage(), e);
        } catch (java.io.IOException | RuntimeException e) {
            throw new PkiException(PkiError.TIMESTAMP_INVALID, "unparseable TSA answer", e);
        }
    }
}
