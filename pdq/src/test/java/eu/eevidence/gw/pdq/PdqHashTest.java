package eu.eevidence.gw.pdq;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PdqHashTest {

    private static final String ONES = "f".repeat(64);

    @Test
    void refusesMalformedHashes() {
        for (String bad : new String[] {null, "", "f".repeat(63), "f".repeat(65), "F".repeat(64), "g".repeat(64),
                " " + "f".repeat(63), "0x" + "f".repeat(62)}) {
            assertThat(PdqHash.isWellFormed(bad)).as(String.valueOf(bad)).isFalse();
            assertThatThrownBy(() -> PdqHash.ofHex(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("ffff");
        }
    }

    @Test
    void refusesWhatIsNotAnImage() {
        assertThatThrownBy(() -> new PdqHasher().hash("not an image".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(PdqException.class).hasMessage("not an image the JDK can decode");
        assertThatThrownBy(() -> new PdqHasher().hash(new byte[0])).isInstanceOf(PdqException.class);
    }

    @Test
    void refusesAnImageTooLargeBeforeDecodingIt() throws IOException {
        byte[] bomb = pngHeader(20_000, 20_000); // 400 megapixels announced, no pixel data
        assertThatThrownBy(() -> new PdqHasher().hash(bomb)).isInstanceOf(PdqException.class);
    }

    @Test
    void hexRoundTripsAndBitsFollowTheReferenceLayout() {
        String hex = "8" + "0".repeat(62) + "1"; // bit 255 and bit 0
        PdqHash h = PdqHash.ofHex(hex);
        assertThat(h.hex()).isEqualTo(hex);
        assertThat(h.bit(0)).isTrue();
        assertThat(h.bit(255)).isTrue();
        assertThat(h.bit(1)).isFalse();
        assertThat(h.bit(254)).isFalse();
    }

    @Test
    void hammingDistanceCountsDifferingBits() {
        PdqHash zero = PdqHash.ofHex("0".repeat(64));
        PdqHash ones = PdqHash.ofHex(ONES);
        assertThat(zero.distance(zero)).isZero();
        assertThat(zero.distance(ones)).isEqualTo(256);
        PdqHash thirtyOne = PdqHash.ofHex("0".repeat(56) + "7fffffff"); // 31 bits set
        PdqHash thirtyTwo = PdqHash.ofHex("0".repeat(56) + "ffffffff");
        assertThat(zero.matches(thirtyOne, PdqHash.DEFAULT_MATCH_DISTANCE)).isTrue();
        assertThat(zero.matches(thirtyTwo, PdqHash.DEFAULT_MATCH_DISTANCE)).isFalse();
        assertThat(thirtyTwo.distance(zero)).isEqualTo(32);
    }

    @Test
    void neverShowsTheValue() {
        assertThat(PdqHash.ofHex(ONES).toString()).doesNotContain("ff");
    }

    @Test
    void aFeaturelessImageHasNoQuality() {
        BufferedImage grey = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        PdqResult r = new PdqHasher().hash(grey);
        assertThat(r.quality()).isZero();
        assertThat(r.usable()).isFalse();
    }

    private static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeBytes("IHDR");
        d.writeInt(width);
        d.writeInt(height);
        d.write(new byte[] {8, 2, 0, 0, 0});
        byte[] chunk = ihdr.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(chunk);
        DataOutputStream o = new DataOutputStream(out);
        o.writeInt(chunk.length - 4);
        o.write(chunk);
        o.writeInt((int) crc.getValue());
        return out.toByteArray();
    }
}
