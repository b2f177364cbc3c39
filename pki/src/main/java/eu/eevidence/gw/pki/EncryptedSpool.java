package eu.eevidence.gw.pki;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A temporary file holding not-yet-authenticated plaintext, encrypted under a random AES-256 key that exists
 * only in this object's memory (ADR-0007). Chunked authenticated framing: each chunk of at most 64 KiB is
 * {@code int length || AES-256-GCM(ciphertext || tag)} with nonce {@code 0^32 || chunk index (64 bit)} and
 * AAD {@code chunk index || final flag}, so reordering, truncation and bit flips of the spool are detected.
 * The file is created owner-only and deleted by {@link #close()}.
 */
final class EncryptedSpool implements AutoCloseable {

    static final int CHUNK = 64 * 1024;
    private static final int TAG_BITS = 128;

    private final Path file;
    private final SecretKey key;
    private long chunksWritten = -1;

    EncryptedSpool(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (FileSecurity.posix(dir)) {
            file = Files.createTempFile(dir, ".eeg-spool-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            file = Files.createTempFile(dir, ".eeg-spool-", ".tmp");
        }
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        key = new SecretKeySpec(k, "AES");
    }

    Path file() {
        return file;
    }

    private Cipher cipher(int mode, long index, boolean last) throws IOException {
        try {
            // the JDK provider: hardware AES-GCM; the spool never leaves this process
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(index).array();
            c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(ByteBuffer.allocate(9).putLong(index).put((byte) (last ? 1 : 0)).array());
            return c;
        } catch (GeneralSecurityException e) {
            throw new IOException("spool cipher unavailable", e);
        }
    }

    /** The single writer; {@code close()} writes the final chunk. */
    OutputStream writer() throws IOException {
        OutputStream raw = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return new OutputStream() {
            private final byte[] buf = new byte[CHUNK];
            private int n;
            private long index;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (n == CHUNK) {
                        flushChunk(false);
                    }
                    int k = Math.min(len, CHUNK - n);
                    System.arraycopy(b, off, buf, n, k);
                    n += k;
                    off += k;
                    len -= k;
                }
            }

            private void flushChunk(boolean last) throws IOException {
                try {
                    byte[] ct = cipher(Cipher.ENCRYPT_MODE, index++, last).doFinal(buf, 0, n);
                    raw.write(ByteBuffer.allocate(4).putInt(ct.length).array());
                    raw.write(ct);
                    n = 0;
                } catch (GeneralSecurityException e) {
                    throw new IOException("spool encryption failed", e);
                }
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    flushChunk(true);
                    chunksWritten = index;
                } finally {
                    raw.close();
                }
            }
        };
    }

    /** A reader of what was written; an altered spool is an IOException. */
    InputStream reader() throws IOException {
        if (chunksWritten < 0) {
            throw new IOException("spool not completely written");
        }
        DataInputStream raw = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), CHUNK + 20));
        return new InputStream() {
            private byte[] plain = new byte[0];
            private int pos;
            private long index;
            private boolean done;

            private boolean fill() throws IOException {
                while (pos == plain.length) {
                    if (done) {
                        return false;
                    }
                    int len;
                    try {
                        len = raw.readInt();
                    } catch (EOFException e) {
                        throw new IOException("spool truncated", e);
                    }
                    if (len < 16 || len > CHUNK + 16) {
                        throw new IOException("spool chunk length invalid");
                    }
                    byte[] ct = new byte[len];
                    raw.readFully(ct);
                    boolean last = index == chunksWritten - 1;
                    try {
                        plain = cipher(Cipher.DECRYPT_MODE, index++, last).doFinal(ct);
                    } catch (GeneralSecurityException e) {
                        throw new IOException("spool altered", e);
                    }
                    pos = 0;
                    done = last;
                }
                return true;
            }

            @Override
            public int read() throws IOException {
                return fill() ? plain[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int k = Math.min(len, plain.length - pos);
                System.arraycopy(plain, pos, b, off, k);
                pos += k;
                return k;
            }

            @Override
            public void close() throws IOException {
                raw.close();
            }
        };
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
