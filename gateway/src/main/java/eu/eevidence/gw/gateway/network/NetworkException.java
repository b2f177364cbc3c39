package eu.eevidence.gw.gateway.network;

/** A refusal in the network feature, with its stable code (EEG-NET-* or EEG-DIR-*) and a human message. */
public final class NetworkException extends Exception {

    private final String code;

    public NetworkException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
