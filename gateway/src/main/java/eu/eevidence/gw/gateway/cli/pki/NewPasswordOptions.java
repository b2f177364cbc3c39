package eu.eevidence.gw.gateway.cli.pki;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The password protecting a PKCS#12 file a command writes; defaults to the issuing CA's password. */
public final class NewPasswordOptions {

    @Option(names = "--out-password", description = "Password for the new PKCS#12 file (default: the CA password).")
    String literal;

    @Option(names = "--out-password-env", paramLabel = "VAR", description = "Environment variable with the new password.")
    String env;

    @Option(names = "--out-password-file", paramLabel = "FILE", description = "File holding the new password.")
    Path file;

    char[] resolve(char[] fallback) throws CliException {
        char[] p = PasswordOptions.resolve(literal, env, file, null, false, "--out-password");
        return p != null ? p : fallback;
    }
}
