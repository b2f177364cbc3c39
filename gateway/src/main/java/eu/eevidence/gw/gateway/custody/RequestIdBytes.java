package eu.eevidence.gw.gateway.custody;

import java.util.Optional;
import java.util.UUID;

/** A gateway request id {@code REQ-} (or case id {@code CASE-}) + 26 Crockford base32 characters (a ULID) as its 128 bits. */
final class RequestIdBytes {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private RequestIdBytes() {
    }

    static Optional<UUID> of(String requestId) {
        if (requestId == null || !requestId.matches("^(REQ|CASE)-[0-9A-HJKMNP-TV-Z]{26}$")) {
            return Optional.empty();
        }
        long hi = 0;
        long lo = 0;
        for (char c : requestId.substring(requestId.indexOf('-') + 1).toCharArray()) {
            int v = ALPHABET.indexOf(c);
            hi = (hi << 5) | (lo >>> 59);
            lo = (lo << 5) | v;
        }
        return Optional.of(new UUID(hi, lo));
    }
}
