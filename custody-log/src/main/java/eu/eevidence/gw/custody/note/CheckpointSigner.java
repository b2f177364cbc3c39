package eu.eevidence.gw.custody.note;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.Uint64;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * Signs checkpoints with the node's Ed25519 key and never signs two inconsistent ones: it persists the last signed
 * (size, root) durably <em>before</em> releasing a signature, and refuses the same size with another root, a smaller
 * size after a larger one, or a tree whose root at the last signed size is not the last signed root.
 */
public final class CheckpointSigner {

    /** The root of the current tree at an earlier size (for the consistency check). */
    @FunctionalInterface
    public interface RootAt {
        byte[] root(long size) throws CustodyException;
    }

    private final NoteVerifierKey vkey;
    private final PrivateKey key;
    private final Path stateFile;
    private long lastSize = -1;
    private byte[] lastRoot;

    public CheckpointSigner(String origin, KeyPair keys, Path stateFile) throws CustodyException {
        this.vkey = NoteVerifierKey.of(origin, Ed25519.raw(keys.getPublic()));
        this.key = keys.getPrivate();
        this.stateFile = stateFile;
        load();
    }

    public NoteVerifierKey verifierKey() {
        return vkey;
    }

    public String origin() {
        return vkey.name();
    }

    /** The last signed size, or -1 when nothing was signed yet. */
    public synchronized long lastSignedSize() {
        return lastSize;
    }

    /** Signs the checkpoint (origin = key name) for {@code size} and {@code root}; returns the signed note. */
    public synchronized String sign(long size, byte[] root, RootAt current) throws CustodyException {
        Uint64.check(size, "tree size");
        Checkpoint cp = Checkpoint.of(vkey.name(), size, root);
        if (lastSize >= 0) {
            if (size < lastSize) {
                throw new CustodyException(CustodyError.SIGNER_REFUSED, "refusing to sign size " + size + " after size " + lastSize);
            }
            if (size == lastSize && !MessageDigest.isEqual(root, lastRoot)) {
                throw new CustodyException(CustodyError.SIGNER_REFUSED, "refusing to sign size " + size + " with a second root");
            }
            if (size > lastSize && !MessageDigest.isEqual(current.root(lastSize), lastRoot)) {
                throw new CustodyException(CustodyError.SIGNER_REFUSED, "refusing to sign: the tree at the last signed size " + lastSize
                        + " no longer has the signed root");
            }
        }
        if (size != lastSize) {
            persist(size, root);
        }
        lastSize = size;
        lastRoot = root.clone();
        return SignedNote.sign(cp.body(), vkey, key);
    }

    private void load() throws CustodyException {
        if (!Files.exists(stateFile)) {
            return;
        }
        try {
            String s = Files.readString(stateFile, StandardCharsets.US_ASCII).strip();
            String[] parts = s.split(" ");
            if (parts.length != 2) {
                throw new CustodyException(CustodyError.SIGNER_REFUSED, "signer state " + stateFile + " is malformed; refusing to sign");
            }
            lastSize = Uint64.parse(parts[0], "last signed size");
            lastRoot = Base64.getDecoder().decode(parts[1]);
            if (lastRoot.length != 32) {
                throw new CustodyException(CustodyError.SIGNER_REFUSED, "signer state " + stateFile + " is malformed; refusing to sign");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CustodyException(CustodyError.SIGNER_REFUSED, "signer state " + stateFile + " unreadable; refusing to sign");
        }
    }

    private void persist(long size, byte[] root) throws CustodyException {
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                c.write(java.nio.ByteBuffer.wrap((size + " " + Base64.getEncoder().encodeToString(root) + "\n").getBytes(StandardCharsets.US_ASCII)));
                c.force(true);
            }
            try {
                Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(stateFile.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // not every platform can fsync a directory
            }
        } catch (IOException e) {
            throw new CustodyException(CustodyError.SIGNER_REFUSED, "cannot persist signer state " + stateFile + ": " + e.getMessage(), e);
        }
    }
}
