package eu.eevidence.gw.gateway.cli.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;
import eu.eevidence.gw.gateway.node.NodeError;

/**
 * The password of the key or CA a command reads: {@code --password} (visible in the process list: for tests and
 * throwaway keys), {@code --password-env VAR}, {@code --password-file FILE}, or else the environment variable
 * {@code EEG_PASSWORD}.
 */
public final class PasswordOptions {

    public static final String DEFAULT_ENV = "EEG_PASSWORD";

    @Option(names = "--password", description = "Password (visible in the process list; prefer --password-file or --password-env).")
    String literal;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the password.")
    String env;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the password (first line).")
    Path file;

    /** The password, or {@code null} when none was given and {@code EEG_PASSWORD} is not set. */
    char[] resolveOrNull() throws CliException {
        return resolve(literal, env, file, DEFAULT_ENV, false, "--password");
    }

    char[] resolve() throws CliException {
        return resolve(literal, env, file, DEFAULT_ENV, true, "--password");
    }

    static char[] resolve(String literal, String env, Path file, String defaultEnv, boolean required, String option)
            throws CliException {
        int given = (literal != null ? 1 : 0) + (env != null ? 1 : 0) + (file != null ? 1 : 0);
        if (given > 1) {
            throw new CliException(NodeError.CFG_006.code(), "give only one of " + option + ", " + option + "-env, " + option + "-file", 2);
        }
        if (literal != null) {
            return literal.toCharArray();
        }
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").toCharArray();
            } catch (IOException e) {
                throw new CliException(NodeError.CFG_006.code(), "cannot read password file " + file, 2);
            }
        }
        String name = env != null ? env : defaultEnv;
        String v = name == null ? null : System.getenv(name);
        if (v != null) {
            return v.toCharArray();
        }
        if (env != null) {
            throw new CliException(NodeError.CFG_006.code(), "environment variable " + env + " is not set", 2);
        }
        if (required) {
            throw new CliException(NodeError.CFG_006.code(), "no password: give " + option + ", " + option + "-file or " + option
                    + "-env (or set " + defaultEnv + ")", 2);
        }
        return null;
    }
}
