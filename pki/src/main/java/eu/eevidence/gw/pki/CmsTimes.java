package eu.eevidence.gw.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.cms.Time;

/**
 * The signing-time attribute without {@code SimpleDateFormat} (issue 18, ADR-0034): Bouncy Castle's {@link Time}
 * formats and parses through a new {@code SimpleDateFormat} every time, a visible share of a 4 KiB seal or open. The
 * DER form of the times the profile writes ({@code YYMMDDHHMMSSZ}, RFC 5280 4.1.2.5.1: 1950-2049) is written and read
 * here with {@code java.time}; any other form is left to Bouncy Castle, so what is accepted does not change.
 */
final class CmsTimes {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private CmsTimes() {
    }

    /** A {@link Time} for {@code at} (second precision), as {@code new Time(Date.from(at))} would encode it. */
    static Time time(Instant at) {
        Instant s = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        int year = s.atZone(ZoneOffset.UTC).getYear();
        if (year < 1950 || year > 2049) {
            return new Time(Date.from(s));
        }
        byte[] text = UTC_TIME.format(s).getBytes(StandardCharsets.US_ASCII);
        byte[] der = new byte[2 + text.length];
        der[0] = 0x17; // UTCTime
        der[1] = (byte) text.length;
        System.arraycopy(text, 0, der, 2, text.length);
        try {
            return Time.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException e) {
            return new Time(Date.from(s));
        }
    }

    /** The instant of {@code time}: DER UTCTime read here, everything else by Bouncy Castle's {@link Time#getDate()}. */
    static Instant instant(Time time) {
        ASN1Primitive p = time.toASN1Primitive();
        if (p instanceof ASN1UTCTime u) {
            byte[] der = encoded(u);
            String s = der.length == 15 ? new String(der, 2, 13, StandardCharsets.US_ASCII) : "";
            if (s.endsWith("Z")) {
                Instant fast = utcTime(s);
                if (fast != null) {
                    return fast;
                }
            }
        }
        return time.getDate().toInstant();
    }

    /** {@code YYMMDDHHMMSSZ} with digits only and a valid date and time, else {@code null}. */
    private static Instant utcTime(String s) {
        int[] f = new int[6];
        for (int i = 0; i < 6; i++) {
            char a = s.charAt(2 * i);
            char b = s.charAt(2 * i + 1);
            if (a < '0' || a > '9' || b < '0' || b > '9') {
                return null;
            }
            f[i] = (a - '0') * 10 + (b - '0');
        }
        try {
            return LocalDateTime.of(f[0] < 50 ? 2000 + f[0] : 1900 + f[0], f[1], f[2], f[3], f[4], f[5])
                    .toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static byte[] encoded(ASN1UTCTime u) {
        try {
            return u.getEncoded();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
