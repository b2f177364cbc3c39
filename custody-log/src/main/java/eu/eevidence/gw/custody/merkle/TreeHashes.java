package eu.eevidence.gw.custody.merkle;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.util.ArrayList;
import java.util.List;

/**
 * The hashes of an append-only tree, kept in the C2SP tlog-tiles shape: tile level 0 holds the leaf hashes, tile
 * level k the hashes of the full height-8 subtrees at tree level 8k. Any perfect subtree hash is at most 255 hash
 * operations away. Not thread-safe: the owner guards it (one writer, readers under a read lock).
 */
public final class TreeHashes implements SubtreeHashes {

    public static final int TILE_HEIGHT = 8;
    public static final int TILE_WIDTH = 1 << TILE_HEIGHT;

    private final List<HashList> levels = new ArrayList<>();
    private final Rfc6962 hasher = new Rfc6962();

    public TreeHashes() {
        levels.add(new HashList());
    }

    public long size() {
        return levels.get(0).size();
    }

    /** Appends a leaf hash (not the entry) and completes every tile it fills. */
    public void appendLeafHash(byte[] leafHash) {
        levels.get(0).add(leafHash);
        int level = 0;
        while (levels.get(level).size() % TILE_WIDTH == 0) {
            HashList list = levels.get(level);
            byte[] tileRoot = perfectWithin(list, TILE_HEIGHT, list.size() / TILE_WIDTH - 1);
            if (levels.size() == level + 1) {
                levels.add(new HashList());
            }
            levels.get(level + 1).add(tileRoot);
            level++;
        }
    }

    /** Drops every leaf from {@code newSize} on (used only when a write fails before it was acknowledged). */
    public void truncate(long newSize) {
        for (int k = 0; k < levels.size(); k++) {
            levels.get(k).truncate(newSize >>> (TILE_HEIGHT * k));
        }
    }

    public byte[] leaf(long index) {
        return levels.get(0).get(index);
    }

    /** Number of hashes at tile level {@code k} (the hashes of full subtrees at tree level 8k). */
    public long countAtTileLevel(int k) {
        return k < levels.size() ? levels.get(k).size() : 0;
    }

    /** The hashes [from, from+count) at tile level k, concatenated: the body of a hash tile. */
    public byte[] tileHashes(int k, long from, int count) {
        return levels.get(k).range(from, count);
    }

    @Override
    public byte[] perfect(int level, long index) throws CustodyException {
        int k = level / TILE_HEIGHT;
        int sub = level % TILE_HEIGHT;
        if (level < 0 || k >= levels.size() || index < 0 || (index + 1) > (levels.get(k).size() >>> sub)) {
            throw new CustodyException(CustodyError.RANGE, "no complete subtree at level " + level + " index " + index);
        }
        return perfectWithin(levels.get(k), sub, index);
    }

    private byte[] perfectWithin(HashList list, int sub, long index) {
        if (sub == 0) {
            return list.get(index);
        }
        int n = 1 << sub;
        byte[][] row = new byte[n][];
        long first = index << sub;
        for (int i = 0; i < n; i++) {
            row[i] = list.get(first + i);
        }
        while (n > 1) {
            for (int i = 0; i < n / 2; i++) {
                row[i] = hasher.node(row[2 * i], row[2 * i + 1]);
            }
            n /= 2;
        }
        return row[0];
    }
}
