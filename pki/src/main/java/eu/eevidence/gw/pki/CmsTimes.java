package eu.eevidence.gw.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
    private static final DateTimeFormatter UTC_TIME_IN = DateTimeFormatter.ofPattern("uuMMddHHmmss'Z'")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

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
                try {
                    LocalDateTime t = LocalDateTime.parse(s, UTC_TIME_IN);
                    int yy = t.getYear() % 100;
                    return t.withYear(yy < 50 ? 2000 + yy : 1900 + yy).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    return time.getDate().toInstant();
                }
            }
        }
        return time.getDate().toInstant();
    }

    private static byte[] encoded(ASN1UTCTime u) {
        try {
            return u.getEncoded();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
