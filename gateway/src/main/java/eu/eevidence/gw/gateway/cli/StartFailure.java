package eu.eevidence.gw.gateway.cli;

import java.net.BindException;
import eu.eevidence.gw.gateway.http.ErrorCode;

/** Turns a start-up failure into one line an operator can act on (no stack trace). */
final class StartFailure {
    private StartFailure() {
    }

    static String explain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Database may be already in use") || m.contains("file is locked")) {
                return "the data directory's database is locked: another node is running on this --data-dir";
            }
            if (t instanceof BindException || m.contains("Address already in use")) {
                return "the port is in use: choose another --port (or 0 for any free port)";
            }
            if (m.startsWith(ErrorCode.PREFIX)) {
                return m;
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + message;
    }
}
