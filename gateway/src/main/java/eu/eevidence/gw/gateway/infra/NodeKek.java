package eu.eevidence.gw.gateway.infra;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The node's key-encryption key (KEK, ADR-0020): 32 random bytes in a file of the node's data directory
 * ({@code <data-dir>/keys/kek.bin} by default, or the file named by the system property {@value #PROPERTY} / the
 * environment variable {@value #ENV}), generated at first start with permissions 600 and never logged. It only wraps
 * the per-request data keys ({@link DataKeys}). Production should hold it in an HSM or a KMS (wrap/unwrap there); the
 * file is the development and single-host default.
 */
public final class NodeKek {

    public static final String PROPERTY = "eeg.kek.file";
    public static final String ENV = "EEG_KEK_FILE";
    private static final int NONCE = 12;

    private final SecretKeySpec key;

    private NodeKek(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException(InfraError.KEY_KEK.code() + " the key-encryption key must be 32 bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** A KEK that lives only in memory (unit tests, tools that never reopen the store). */
    public static NodeKek ephemeral() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return new NodeKek(raw);
    }

    /** The configured KEK file, else {@code <dataDir>/keys/kek.bin}. */
    public static Path location(Path dataDir) {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        return p == null || p.isBlank() ? dataDir.resolve("keys").resolve("kek.bin") : Path.of(p);
    }

    /** Loads the KEK file, or creates it (32 random bytes, owner read/write only) if it does not exist. */
    public static NodeKek loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return new NodeKek(Files.readAllBytes(file));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
            try {
                if (posix) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(rw));
                } else {
                    Files.createFile(file);
                }
            } catch (FileAlreadyExistsException raced) {
                return new NodeKek(Files.readAllBytes(file));
            }
            Files.write(file, raw, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            return new NodeKek(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(InfraError.KEY_KEK.code() + " cannot read or create the key-encryption key file " + file, e);
        }
    }

    byte[] wrap(byte[] dataKey, String ownerId) {
        byte[] nonce = new byte[NONCE];
        new SecureRandom().nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(("eeg-kek/" + ownerId).getBytes(StandardCharsets.UTF_8));
            byte[] ct = gcm.doFinal(dataKey);
            byte[] out = new byte[NONCE + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(ct, 0, out, NONCE, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(InfraError.KEY_CIPHER.code() + " AES-GCM unavailable", e);
        }
    }

    byte[] unwrap(byte[] wrapped, String ownerId) {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, wrapped, 0, NONCE));
            gcm.updateAAD(("eeg-kek/" + ownerId).getBytes(StandardCharsets.UTF_8));
            return gcm.doFinal(wrapped, NONCE, wrapped.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(InfraError.KEY_UNWRAP.code() + " the data key of " + ownerId
                    + " does not open under this node's key-encryption key", e);
        }
    }

    @Override
    public String toString() {
        return "NodeKek[redacted]";
    }
}
