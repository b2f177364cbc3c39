package eu.eevidence.gw.gateway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import eu.eevidence.gw.gateway.node.NodeError;

/** Passwords come from a file or an environment variable, never from the command line (it shows in ps). */
final class Secrets {
    private Secrets() {
    }

    static char[] read(Path file, String envVariable) throws IOException {
        if (file != null) {
            return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
        }
        String env = System.getenv(envVariable);
        if (env != null) {
            return env.toCharArray();
        }
        throw new IllegalArgumentException(NodeError.CFG_006.code() + " no password: give the file option or set " + envVariable);
    }
}
