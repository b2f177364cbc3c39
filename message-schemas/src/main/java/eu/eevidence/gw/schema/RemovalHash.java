package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CrossFieldChecked;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.regex.Pattern;

/**
 * A hash of an image or video to remove, computed on the victim's device so that the image itself never travels (the
 * StopNCII model). The platform matches it against what it hosts and reports matches and removals per hash, by the
 * hash's position in the order ({@link ContentRemoved.HashOutcome#hashIndex()}), never by its value. The value is
 * personal data of the victim: it is never logged, never written to the custody log's clear fields, never put in an
 * alarm.
 *
 * @param algorithm  {@code PDQ}: Meta's perceptual hash, 256 bits as 64 hexadecimal characters
 *                   (https://github.com/facebook/ThreatExchange/tree/main/pdq); {@code SHA256}: the exact file's
 *                   SHA-256 (FIPS 180-4), 64 hexadecimal characters
 * @param value      64 lower-case hexadecimal characters
 */
public record RemovalHash(@NotNull Algorithm algorithm, @Sensitive @NotBlank String value) implements CrossFieldChecked {

    private static final Pattern HEX256 = Pattern.compile("^[0-9a-f]{64}$");

    @Override
    public void checkRules(RuleSink sink) {
        if (algorithm != null && value != null && !value.isBlank() && !HEX256.matcher(value).matches()) {
            sink.fail("value", ValidationCode.REMOVAL_HASH);
        }
    }

    /** The value is never shown: a hash of an intimate image is the victim's personal data. */
    @Override
    public String toString() {
        return "RemovalHash[" + algorithm + ", value hidden]";
    }

    /** The hash algorithms a removal order may carry. */
    public enum Algorithm {
        /** PDQ perceptual hash (256 bits), matches resized or re-encoded copies. */
        PDQ,
        /** SHA-256 of the exact file. */
        SHA256
    }
}
