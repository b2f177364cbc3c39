package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CrossFieldChecked;
import eu.eevidence.gw.schema.validation.ValidationCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A perceptual-hash reference to an image or video (e.g. PDQ, as used by StopNCII), so that a removal and a
 * preservation can point at the same item without moving it. The hash is personal data of the victim.
 *
 * @param algorithm  the hash algorithm
 * @param value      PDQ: 64 hexadecimal characters (256 bits); others: 1-1024 hexadecimal or base64 characters
 */
public record PerceptualHashRef(@NotNull Algorithm algorithm, @Sensitive @NotBlank String value) implements CrossFieldChecked {

    private static final java.util.regex.Pattern PDQ = java.util.regex.Pattern.compile("^[0-9a-f]{64}$");
    private static final java.util.regex.Pattern OTHER = java.util.regex.Pattern.compile("^[A-Za-z0-9+/=]{1,1024}$");

    @Override
    public void checkRules(RuleSink sink) {
        if (algorithm == null || value == null || value.isBlank()) {
            return;
        }
        boolean ok = algorithm == Algorithm.PDQ ? PDQ.matcher(value).matches() : OTHER.matcher(value).matches();
        if (!ok) {
            sink.fail("value", ValidationCode.PERCEPTUAL_HASH);
        }
    }

    public enum Algorithm {
        PDQ,
        PHOTODNA,
        TMK_PDQF,
        OTHER
    }
}
