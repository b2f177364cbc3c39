package eu.eevidence.gw.custody.storage;

import java.util.ArrayList;
import java.util.List;

/** A growable list of longs in chunks (record offsets). */
final class LongList {
    private static final int CHUNK = 4096;
    private final List<long[]> chunks = new ArrayList<>();
    private long size;

    void add(long v) {
        int pos = (int) (size % CHUNK);
        if (pos == 0) {
            chunks.add(new long[CHUNK]);
        }
        chunks.get(chunks.size() - 1)[pos] = v;
        size++;
    }

    long get(long i) {
        return chunks.get((int) (i / CHUNK))[(int) (i % CHUNK)];
    }

    long size() {
        return size;
    }

    void truncate(long n) {
        while (chunks.size() > (n + CHUNK - 1) / CHUNK) {
            chunks.remove(chunks.size() - 1);
        }
        size = n;
    }
}
