package eu.eevidence.gw.custody.note;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;

/**
 * The node's Ed25519 checkpoint key in one owner-only file: base64 PKCS#8 private key, a newline, base64 raw public
 * key. Generated on first use; never part of the served log directory, never committed.
 */
public final class NodeKey {

    private NodeKey() {
    }

    public static KeyPair loadOrCreate(Path file) throws CustodyException {
        try {
            if (Files.exists(file)) {
                String[] lines = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\n");
                if (lines.length != 2) {
                    throw new CustodyException(CustodyError.KEY, "key file " + file + " is malformed");
                }
                KeyPair kp = new KeyPair(Ed25519.publicKey(Base64.getDecoder().decode(lines[1].strip())),
                        Ed25519.privateKey(Base64.getDecoder().decode(lines[0].strip())));
                byte[] probe = "eeg-custody-key-check".getBytes(StandardCharsets.US_ASCII);
                if (!Ed25519.verify(kp.getPublic(), probe, Ed25519.sign(kp.getPrivate(), probe))) {
                    throw new CustodyException(CustodyError.KEY, "key file " + file + " holds a private and a public key that do not match");
                }
                return kp;
            }
            KeyPair kp = Ed25519.generate();
            String text = Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(Ed25519.raw(kp.getPublic())) + "\n";
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            return kp;
        } catch (IOException | IllegalArgumentException e) {
            throw new CustodyException(CustodyError.KEY, "cannot read or create key file " + file + ": " + e.getMessage(), e);
        }
    }
}
