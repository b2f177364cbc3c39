package eu.eevidence.gw.custody.merkle;

import java.util.ArrayList;
import java.util.List;

/** A growable list of 32-byte hashes in chunks of 256 (one tile), so that it never copies large arrays. */
final class HashList {

    static final int CHUNK = 256;
    private final List<byte[]> chunks = new ArrayList<>();
    private long size;

    long size() {
        return size;
    }

    void add(byte[] hash) {
        int pos = (int) (size % CHUNK);
        if (pos == 0) {
            chunks.add(new byte[CHUNK * Rfc6962.HASH_SIZE]);
        }
        System.arraycopy(hash, 0, chunks.get(chunks.size() - 1), pos * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
        size++;
    }

    byte[] get(long i) {
        byte[] out = new byte[Rfc6962.HASH_SIZE];
        System.arraycopy(chunks.get((int) (i / CHUNK)), (int) (i % CHUNK) * Rfc6962.HASH_SIZE, out, 0, Rfc6962.HASH_SIZE);
        return out;
    }

    /** Copies hashes [from, from+count) into a new array (count * 32 bytes). */
    byte[] range(long from, int count) {
        byte[] out = new byte[count * Rfc6962.HASH_SIZE];
        for (int k = 0; k < count; k++) {
            long i = from + k;
            System.arraycopy(chunks.get((int) (i / CHUNK)), (int) (i % CHUNK) * Rfc6962.HASH_SIZE, out, k * Rfc6962.HASH_SIZE,
                    Rfc6962.HASH_SIZE);
        }
        return out;
    }

    void truncate(long newSize) {
        while (chunks.size() > (newSize + CHUNK - 1) / CHUNK) {
            chunks.remove(chunks.size() - 1);
        }
        size = newSize;
    }
}
