package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Path vectors from C2SP tlog-tiles ("index 1234067 will be encoded as x001/x234/067") and its size-70,000 example. */
class TilePathTest {

    @Test
    void encodesAsTheSpecSays() throws CustodyException {
        assertThat(TilePath.encodeIndex(1234067)).isEqualTo("x001/x234/067");
        assertThat(TilePath.encodeIndex(0)).isEqualTo("000");
        assertThat(TilePath.encodeIndex(5)).isEqualTo("005");
        assertThat(TilePath.encodeIndex(1000)).isEqualTo("x001/000");
        assertThat(TilePath.hashTile(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
        assertThat(TilePath.hashTile(1, 1234067, 8).path()).isEqualTo("tile/1/x001/x234/067.p/8");
        assertThat(TilePath.entryBundle(1234067, 256).path()).isEqualTo("tile/entries/x001/x234/067");
        assertThat(TilePath.entryBundle(3, 17).path()).isEqualTo("tile/entries/003.p/17");
    }

    @Test
    void parsesWhatItWrites() throws CustodyException {
        for (String p : List.of("tile/0/x001/x234/067", "tile/1/x001/x234/067.p/8", "tile/entries/003.p/17", "tile/63/000", "tile/entries/x999/999")) {
            assertThat(TilePath.parse(p).path()).isEqualTo(p);
        }
        assertThat(TilePath.parse("tile/entries/003.p/17").isEntries()).isTrue();
    }

    @Test
    void rejectsNonCanonicalPaths() {
        for (String bad : List.of("tile/0/1", "tile/0/0001", "tile/00/000", "tile/64/000", "tile/0/001/002", "tile/0/x001", "tile/0/000.p/0",
                "tile/0/000.p/256", "tile/0/000.p/08", "tile/0/x000/001", "tiles/0/000", "tile/0/../000", "tile/e/000", "tile/0/00a", "tile/0/000/")) {
            assertThatThrownBy(() -> TilePath.parse(bad)).as(bad).isInstanceOf(CustodyException.class);
        }
    }

    @Test
    void theSpecExampleOfATreeOf70000() throws CustodyException {
        long size = 70_000;
        assertThat(TileLayout.count(size, 0) / 256).isEqualTo(273);
        assertThat(TileLayout.count(size, 0) % 256).isEqualTo(112);
        assertThat(TileLayout.count(size, 1) / 256).isEqualTo(1);
        assertThat(TileLayout.count(size, 1) % 256).isEqualTo(17);
        assertThat(TileLayout.count(size, 2)).isEqualTo(1);
        assertThat(TileLayout.tileFor(2, 0, size).path()).isEqualTo("tile/2/000.p/1");
        assertThat(TileLayout.tileFor(0, 69_999, size).path()).isEqualTo("tile/0/273.p/112");
        assertThat(TileLayout.tileFor(1, 256, size).path()).isEqualTo("tile/1/001.p/17");
        assertThat(TileLayout.tileFor(1, 0, 256).path()).isEqualTo("tile/1/000.p/1");
    }

    @Test
    void entryBundlesRoundTripAndTruncationIsDetected() throws CustodyException {
        byte[] b = TileLayout.encodeBundle(List.of("a".getBytes(), new byte[300]));
        assertThat(b[0]).isZero();
        assertThat(b[1]).isEqualTo((byte) 1);
        assertThat(TileLayout.decodeBundle(b)).hasSize(2);
        assertThatThrownBy(() -> TileLayout.decodeBundle(java.util.Arrays.copyOf(b, b.length - 1))).isInstanceOf(CustodyException.class);
        assertThatThrownBy(() -> TileLayout.encodeBundle(List.of(new byte[65_536]))).isInstanceOf(CustodyException.class);
    }
}
