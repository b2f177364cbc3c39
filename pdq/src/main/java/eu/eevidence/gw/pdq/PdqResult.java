package eu.eevidence.gw.pdq;

/**
 * A PDQ hash with its quality: 0 (featureless: a blank or nearly uniform image) to 100. The PDQ documentation
 * recommends discarding hashes of quality 49 or less ("Quality Threshold where we recommend discarding hashes: <=49").
 *
 * @param hash     the hash
 * @param quality  0..100, from the image's gradients after down-sampling
 */
public record PdqResult(PdqHash hash, int quality) {

    /** Hashes of this quality or less are not worth matching on. */
    public static final int DISCARD_AT_OR_BELOW = 49;

    /** True when the quality is above {@link #DISCARD_AT_OR_BELOW}. */
    public boolean usable() {
        return quality > DISCARD_AT_OR_BELOW;
    }
}
