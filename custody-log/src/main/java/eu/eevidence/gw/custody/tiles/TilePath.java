package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

/**
 * A C2SP tlog-tiles resource: a hash tile {@code tile/<L>/<N>[.p/<W>]} or an entry bundle
 * {@code tile/entries/<N>[.p/<W>]}. {@code N} is written in zero-padded 3-digit path elements, all but the last
 * prefixed with {@code x} (1234067 is {@code x001/x234/067}); {@code .p/<W>} marks a partial tile of width 1..255.
 *
 * @param level the tile level 0..63, or {@link #ENTRIES} for an entry bundle
 * @param index the tile index N
 * @param width 256 for a full tile, 1..255 for a partial one
 */
public record TilePath(int level, long index, int width) {

    public static final int ENTRIES = -1;
    public static final int FULL = 256;

    public TilePath {
        if (level < ENTRIES || level > 63 || index < 0 || width < 1 || width > FULL) {
            throw new IllegalArgumentException("tile level " + level + " index " + index + " width " + width);
        }
    }

    public static TilePath hashTile(int level, long index, int width) throws CustodyException {
        return make(level, index, width);
    }

    public static TilePath entryBundle(long index, int width) throws CustodyException {
        return make(ENTRIES, index, width);
    }

    private static TilePath make(int level, long index, int width) throws CustodyException {
        if (level < ENTRIES || level > 63 || index < 0 || width < 1 || width > FULL) {
            throw new CustodyException(CustodyError.TILE_MALFORMED, "no such tile: level " + level + " index " + index + " width " + width);
        }
        return new TilePath(level, index, width);
    }

    public boolean isEntries() {
        return level == ENTRIES;
    }

    public boolean isPartial() {
        return width < FULL;
    }

    /** The path relative to the log's prefix, e.g. {@code tile/0/x001/x234/067.p/8}. */
    public String path() {
        return "tile/" + (isEntries() ? "entries" : Integer.toString(level)) + "/" + encodeIndex(index) + (isPartial() ? ".p/" + width : "");
    }

    @Override
    public String toString() {
        return path();
    }

    public static String encodeIndex(long n) {
        String digits = Long.toString(n);
        int groups = (digits.length() + 2) / 3;
        String padded = "0".repeat(groups * 3 - digits.length()) + digits;
        StringBuilder b = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                b.append('/');
            }
            if (g < groups - 1) {
                b.append('x');
            }
            b.append(padded, g * 3, g * 3 + 3);
        }
        return b.toString();
    }

    /** Parses a path relative to the prefix; rejects anything not exactly in the spec's form. */
    public static TilePath parse(String path) throws CustodyException {
        if (path == null || !path.startsWith("tile/") || path.length() > 200) {
            throw bad(path);
        }
        String[] parts = path.substring(5).split("/", -1);
        if (parts.length < 2) {
            throw bad(path);
        }
        int level;
        if (parts[0].equals("entries")) {
            level = ENTRIES;
        } else {
            level = (int) decimal(parts[0], path, 63);
        }
        int width = FULL;
        int last = parts.length - 1;
        if (parts.length >= 3 && parts[last - 1].endsWith(".p")) {
            width = (int) decimal(parts[last], path, 255);
            if (width < 1) {
                throw bad(path);
            }
            parts[last - 1] = parts[last - 1].substring(0, parts[last - 1].length() - 2);
            last--;
        }
        long index = 0;
        for (int i = 1; i <= last; i++) {
            String p = parts[i];
            boolean wantX = i < last;
            if (wantX != p.startsWith("x")) {
                throw bad(path);
            }
            String d = wantX ? p.substring(1) : p;
            if (d.length() != 3 || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(path);
            }
            if (index > (Long.MAX_VALUE - 999) / 1000) {
                throw new CustodyException(CustodyError.RANGE, "tile index too large in " + path);
            }
            index = index * 1000 + Integer.parseInt(d);
        }
        if (last > 1 && parts[1].equals("x000")) {
            throw bad(path); // leading zero group: not canonical
        }
        return make(level, index, width);
    }

    private static long decimal(String s, String path, long max) throws CustodyException {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9') || (s.length() > 1 && s.charAt(0) == '0')) {
            throw bad(path);
        }
        long v = Long.parseLong(s);
        if (v > max) {
            throw bad(path);
        }
        return v;
    }

    private static CustodyException bad(String path) {
        return new CustodyException(CustodyError.TILE_MALFORMED, "not a tlog-tiles path: " + (path == null ? "(none)"
                : path.length() > 80 ? path.substring(0, 80) + "..." : path));
    }
}
