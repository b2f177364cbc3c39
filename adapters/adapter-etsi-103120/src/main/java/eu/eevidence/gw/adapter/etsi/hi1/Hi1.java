package eu.eevidence.gw.adapter.etsi.hi1;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * ETSI TS 103 120 (HI-1) names this codec writes and reads. Namespaces per the TS 103 120 schema set
 * (ts_103120_Core, _Common, _Authorisation, _Task, _Document, _Notification, _Delivery).
 */
public final class Hi1 {
    public static final String CORE = "http://uri.etsi.org/03120/common/2019/10/Core";
    public static final String COMMON = "http://uri.etsi.org/03120/common/2016/02/Common";
    public static final String AUTH = "http://uri.etsi.org/03120/common/2020/09/Authorisation";
    public static final String TASK = "http://uri.etsi.org/03120/common/2020/09/Task";
    public static final String DOC = "http://uri.etsi.org/03120/common/2020/09/Document";
    public static final String NOTIFICATION = "http://uri.etsi.org/03120/common/2016/02/Notification";
    public static final String DELIVERY = "http://uri.etsi.org/03120/common/2019/10/Delivery";
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private Hi1() {
    }

    /** An HI-1 party (Header SenderIdentifier / ReceiverIdentifier): ISO country code and unique identifier. */
    public record Party(String countryCode, String uniqueIdentifier) {
        public Party {
            Objects.requireNonNull(countryCode, "countryCode");
            Objects.requireNonNull(uniqueIdentifier, "uniqueIdentifier");
        }
    }

    /**
     * A UUID in version-4 form derived from {@code seed} (HI-1 TransactionIdentifier and ObjectIdentifier are UUIDs).
     * Derived, not random: every attempt of one delivery carries the same identifiers, so a portal that already
     * applied it recognises the retry.
     */
    public static String uuid(String seed) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(("eeg-hi1:" + seed).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        h[6] = (byte) ((h[6] & 0x0f) | 0x40);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
            lsb = (lsb << 8) | (h[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }
}
