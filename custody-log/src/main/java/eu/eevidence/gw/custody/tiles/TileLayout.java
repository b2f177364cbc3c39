package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.merkle.TreeHashes;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Tile arithmetic of C2SP tlog-tiles (height 8) and the entry bundle encoding. */
public final class TileLayout {

    private TileLayout() {
    }

    /** The number of hashes at tile level k for a tree of {@code size}: {@code floor(size / 256^k)}. */
    public static long count(long size, int k) {
        return 8 * k >= 64 ? 0 : size >>> (TreeHashes.TILE_HEIGHT * k);
    }

    /** The tile (full or partial) of level k that holds hash {@code hashIndex}, for a tree of {@code size}. */
    public static TilePath tileFor(int k, long hashIndex, long size) throws CustodyException {
        long count = count(size, k);
        long n = hashIndex / TilePath.FULL;
        long full = count / TilePath.FULL;
        int width = n < full ? TilePath.FULL : (int) (count % TilePath.FULL);
        if (hashIndex >= count || width == 0) {
            throw new CustodyException(CustodyError.RANGE, "hash " + hashIndex + " at tile level " + k + " is not in a tree of size " + size);
        }
        return k < 0 ? TilePath.entryBundle(n, width) : TilePath.hashTile(k, n, width);
    }

    /** The entry bundle holding entry {@code index} for a tree of {@code size}. */
    public static TilePath bundleFor(long index, long size) throws CustodyException {
        long n = index / TilePath.FULL;
        long full = size / TilePath.FULL;
        int width = n < full ? TilePath.FULL : (int) (size % TilePath.FULL);
        if (index >= size || width == 0) {
            throw new CustodyException(CustodyError.RANGE, "entry " + index + " is not in a tree of size " + size);
        }
        return TilePath.entryBundle(n, width);
    }

    /** Entry bundle: each entry as a big-endian uint16 length and its bytes. */
    public static byte[] encodeBundle(List<byte[]> entries) throws CustodyException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            if (e.length > 0xffff) {
                throw new CustodyException(CustodyError.ENTRY_SIZE, "an entry longer than 65535 bytes cannot be bundled");
            }
            out.write(e.length >>> 8);
            out.write(e.length & 0xff);
            out.write(e, 0, e.length);
        }
        return out.toByteArray();
    }

    /** Decodes a bundle; a truncated last entry is an error. */
    public static List<byte[]> decodeBundle(byte[] bundle) throws CustodyException {
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        while (p < bundle.length) {
            if (p + 2 > bundle.length) {
                throw new CustodyException(CustodyError.TILE_MALFORMED, "entry bundle ends inside a length after " + out.size() + " entries");
            }
            int len = ((bundle[p] & 0xff) << 8) | (bundle[p + 1] & 0xff);
            p += 2;
            if (p + len > bundle.length) {
                throw new CustodyException(CustodyError.TILE_MALFORMED, "entry bundle ends inside entry " + out.size());
            }
            byte[] e = new byte[len];
            System.arraycopy(bundle, p, e, 0, len);
            out.add(e);
            p += len;
        }
        return out;
    }
}
