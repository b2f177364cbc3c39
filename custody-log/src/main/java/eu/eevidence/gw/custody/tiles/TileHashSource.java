package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.merkle.SubtreeHashes;
import eu.eevidence.gw.custody.merkle.TreeHashes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Perfect-subtree hashes read from the hash tiles a log serves, for a tree of a given size. Nothing here is trusted:
 * a caller checks what it derives against a signed checkpoint (a root, or a proof verified with
 * {@link eu.eevidence.gw.custody.merkle.ProofVerifier}).
 */
public final class TileHashSource implements SubtreeHashes {

    private final LogSource source;
    private final long size;
    private final Rfc6962 hasher = new Rfc6962();
    private final Map<String, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 64;
        }
    };

    public TileHashSource(LogSource source, long size) {
        this.source = source;
        this.size = size;
    }

    @Override
    public byte[] perfect(int level, long index) throws CustodyException {
        int k = level / TreeHashes.TILE_HEIGHT;
        int sub = level % TreeHashes.TILE_HEIGHT;
        long first = index << sub;
        int n = 1 << sub;
        TilePath tp = TileLayout.tileFor(k, first + n - 1, size);
        byte[] tile = tile(tp);
        int at = (int) (first % TilePath.FULL);
        byte[][] row = new byte[n][];
        for (int i = 0; i < n; i++) {
            row[i] = new byte[32];
            System.arraycopy(tile, (at + i) * 32, row[i], 0, 32);
        }
        while (n > 1) {
            for (int i = 0; i < n / 2; i++) {
                row[i] = hasher.node(row[2 * i], row[2 * i + 1]);
            }
            n /= 2;
        }
        return row[0];
    }

    private byte[] tile(TilePath tp) throws CustodyException {
        byte[] t = cache.get(tp.path());
        if (t != null) {
            return t;
        }
        t = source.get(tp.path()).orElseThrow(() -> new CustodyException(CustodyError.FETCH_FAILED, "tile " + tp.path() + " is missing"));
        if (t.length != tp.width() * 32) {
            throw new CustodyException(CustodyError.TILE_MALFORMED, "tile " + tp.path() + " has " + t.length + " bytes, expected " + tp.width() * 32);
        }
        cache.put(tp.path(), t);
        return t;
    }
}
