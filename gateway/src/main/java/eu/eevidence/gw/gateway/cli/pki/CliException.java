package eu.eevidence.gw.gateway.cli.pki;

/** A command failure with a stable code, printed as one line; {@code exit} is the process exit code. */
final class CliException extends Exception {

    private static final long serialVersionUID = 1L;
    private final int exit;

    CliException(String code, String detail, int exit) {
        super(code + " " + detail);
        this.exit = exit;
    }

    int exit() {
        return exit;
    }
}
