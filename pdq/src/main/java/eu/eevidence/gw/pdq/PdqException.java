package eu.eevidence.gw.pdq;

/** An image that cannot be hashed (not decodable, or dimensions out of bounds). The message names no content. */
public final class PdqException extends Exception {

    private static final long serialVersionUID = 1L;

    public PdqException(String message) {
        super(message);
    }
}
