package eu.eevidence.gw.gateway.cli.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.Callable;

import eu.eevidence.gw.pki.FileSecurity;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.gateway.cli.CliError;
import eu.eevidence.gw.gateway.http.ErrorCode;

/** One-line coded errors, exit codes and all-or-nothing output files for the pki/cms commands. */
final class CliSupport {

    private CliSupport() {
    }

    interface Body {
        int run() throws Exception;
    }

    /** Runs {@code body}; any failure is one line {@code <CODE> <message>} on stderr and a non-zero exit. */
    static int run(PrintStream err, Body body) {
        try {
            return body.run();
        } catch (PkiException e) {
            err.println(firstLine(e.getMessage()));
            return 1;
        } catch (CliException e) {
            err.println(firstLine(e.getMessage()));
            return e.exit();
        } catch (IllegalArgumentException e) {
            String m = firstLine(e.getMessage());
            err.println(m.startsWith(ErrorCode.PREFIX) ? m : CliError.CLI_USAGE.code() + " " + m);
            return 2;
        } catch (IOException e) {
            err.println(CliError.CLI_IO.code() + " " + firstLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return 1;
        } catch (Exception e) {
            err.println(CliError.CLI_FAILED.code() + " " + firstLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return 1;
        }
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    interface Writer {
        void write(OutputStream out) throws Exception;
    }

    /**
     * Writes {@code target} all or nothing: into an owner-only temporary file next to it, moved into place only when
     * {@code writer} returned normally; on any failure the temporary file is deleted and {@code target} is untouched.
     */
    static void writeAtomically(Path target, Writer writer) throws Exception {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = FileSecurity.posix(dir)
                ? Files.createTempFile(dir, "." + abs.getFileName(), ".partial",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + abs.getFileName(), ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Role by enum name or alias (case-insensitive, {@code -} or {@code _}). */
    static Role role(String s) throws CliException {
        String k = s.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (k) {
            case "node", "gateway", "gateway-node":
                return Role.NODE;
            case "contact-point", "24/7", "24-7", "contact-point-24-7":
                return Role.CONTACT_POINT;
            case "judicial-authority", "issuing-authority", "validating-authority", "authority":
                return Role.JUDICIAL_AUTHORITY;
            case "platform":
                return Role.PLATFORM;
            case "auditor":
                return Role.AUDITOR;
            case "directory", "directory-authority":
                return Role.DIRECTORY;
            default:
                throw new CliException(CliError.CLI_USAGE.code(), "unknown role " + s
                        + " (node, contact-point, judicial-authority, platform, auditor, directory)", 2);
        }
    }

    static <T> T call(Callable<T> c) throws Exception {
        return c.call();
    }
}
