package eu.eevidence.gw.gateway.cli.pki;

import java.nio.file.Path;
import java.time.Clock;

import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.ca.CertificateAuthority;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The key a command signs or decrypts with: {@code --key FILE} (PKCS#12, or a PEM private key with its chain in the same
 * file or in {@code --key-cert PEM}) and its password ({@link PasswordOptions}: {@code --password}, {@code --password-env},
 * {@code --password-file}, or env {@code EEG_PASSWORD}). {@code cms protect} names the same options {@code --signer} /
 * {@code --signer-cert}: {@link Signer}.
 */
public final class KeyOptions {

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "PKCS#12, or PEM with the private key (and certificate chain).")
    Path file;

    @Option(names = "--key-cert", paramLabel = "PEM", description = "Certificate chain when --key is a PEM key alone.")
    Path cert;

    @Mixin
    PasswordOptions password;

    KeyMaterial load() throws PkiException, CliException {
        return KeyMaterial.load(file, cert, password.resolveOrNull());
    }

    /** {@code --signer FILE [--signer-cert PEM]} and the password options, for {@code cms protect}. */
    public static final class Signer {

        @Option(names = "--signer", required = true, paramLabel = "FILE", description = "PKCS#12, or PEM with key (and chain).")
        Path file;

        @Option(names = "--signer-cert", paramLabel = "PEM", description = "Certificate chain when --signer is a PEM key alone.")
        Path cert;

        @Mixin
        PasswordOptions password;

        KeyMaterial load() throws PkiException, CliException {
            return KeyMaterial.load(file, cert, password.resolveOrNull());
        }
    }

    /** {@code --ca DIR} (a {@code pki} CA directory) and the password of its {@code ca.p12}, for the {@code pki} commands. */
    public static final class Ca {

        @Option(names = "--ca", required = true, paramLabel = "DIR", description = "Issuing CA directory.")
        Path dir;

        @Mixin
        PasswordOptions password;

        /** The CA password (required: {@code EEG-CFG-006} when none is given). */
        char[] password() throws CliException {
            return password.resolve();
        }

        CertificateAuthority open(char[] caPassword) throws PkiException {
            return CertificateAuthority.open(dir, caPassword, Clock.systemUTC());
        }
    }
}
