package eu.eevidence.gw.pdq;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * PDQ, Meta's perceptual image hash, written for this project from the published algorithm ("The TMK+PDQF and PDQ
 * hashing algorithms", https://github.com/facebook/ThreatExchange/blob/main/hashing/hashing.pdf, and the reference
 * implementations' description, https://github.com/facebook/ThreatExchange/tree/main/pdq):
 * <ol>
 *   <li>luminance per pixel, Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601), in single precision;</li>
 *   <li>a Jarosz filter: two passes of a box filter along rows then columns, window ceil(dimension / 128);</li>
 *   <li>down-sampling to 64 x 64 by taking the pixel at the centre of each cell;</li>
 *   <li>quality: the sum of absolute neighbour differences (scaled to 0..100 per step) / 90, capped at 100;</li>
 *   <li>the 16 x 16 low-frequency block of the 64 x 64 DCT-II (coefficients 1..16, the DC term left out);</li>
 *   <li>bit i*16+j is set when coefficient (i, j) is above the median of the 256 coefficients.</li>
 * </ol>
 * Arithmetic follows the reference's single-precision order of operations, so that the same decoded pixels give the
 * same bits. Decoding is the JDK's ImageIO (JPEG, PNG, GIF, BMP). Stateless and thread-safe.
 */
public final class PdqHasher {

    /** Images with more pixels than this are refused before they are decoded (a decompression bomb costs nothing). */
    public static final long MAX_PIXELS = 100_000_000L;

    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;
    private static final int JAROSZ_PASSES = 2;
    private static final int JAROSZ_WINDOW_DIVISOR = 128;
    private static final float[][] DCT = dctMatrix();

    /** Hashes an encoded image (JPEG, PNG, GIF, BMP). */
    public PdqResult hash(byte[] encodedImage) throws PdqException {
        return hash(decode(encodedImage));
    }

    /** Hashes a decoded image. */
    public PdqResult hash(BufferedImage image) {
        int rows = image.getHeight();
        int cols = image.getWidth();
        float[] luma = luma(image);
        float[] scratch = new float[luma.length];
        jarosz(luma, scratch, rows, cols);
        float[][] small = decimate(luma, rows, cols);
        int quality = quality(small);
        float[][] dct = dct16(small);
        return new PdqResult(bits(dct), quality);
    }

    /** Reads an image with the JDK's decoders after checking its dimensions. */
    static BufferedImage decode(byte[] encoded) throws PdqException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new PdqException("not an image the JDK can decode");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    throw new PdqException("image dimensions out of bounds");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new PdqException("image could not be decoded");
        }
    }

    static float[] luma(BufferedImage image) {
        int rows = image.getHeight();
        int cols = image.getWidth();
        int[] rgb = image.getRGB(0, 0, cols, rows, null, 0, cols);
        float[] out = new float[rgb.length];
        for (int k = 0; k < rgb.length; k++) {
            int p = rgb[k];
            out[k] = LUMA_R * ((p >> 16) & 0xff) + LUMA_G * ((p >> 8) & 0xff) + LUMA_B * (p & 0xff);
        }
        return out;
    }

    /** Two passes of box filtering, rows then columns; the result ends in {@code a}. */
    static void jarosz(float[] a, float[] b, int rows, int cols) {
        int windowAlongRows = (cols + JAROSZ_WINDOW_DIVISOR - 1) / JAROSZ_WINDOW_DIVISOR;
        int windowAlongCols = (rows + JAROSZ_WINDOW_DIVISOR - 1) / JAROSZ_WINDOW_DIVISOR;
        for (int pass = 0; pass < JAROSZ_PASSES; pass++) {
            for (int i = 0; i < rows; i++) {
                box(a, b, i * cols, cols, 1, windowAlongRows);
            }
            for (int j = 0; j < cols; j++) {
                box(b, a, j, rows, cols, windowAlongCols);
            }
        }
    }

    /**
     * A centred box filter over one row or column: the mean over the window, the window shrinking at both ends (so the
     * output has the input's length).
     */
    static void box(float[] in, float[] out, int start, int length, int stride, int window) {
        int half = (window + 2) / 2;
        float sum = 0f;
        int count = 0;
        int right = start;
        int left = start;
        int o = start;
        for (int i = 0; i < half - 1; i++) {
            sum += in[right];
            count++;
            right += stride;
        }
        for (int i = 0; i < window - half + 1; i++) {
            sum += in[right];
            count++;
            out[o] = sum / count;
            right += stride;
            o += stride;
        }
        for (int i = 0; i < length - window; i++) {
            sum += in[right];
            sum -= in[left];
            out[o] = sum / count;
            left += stride;
            right += stride;
            o += stride;
        }
        for (int i = 0; i < half - 1; i++) {
            sum -= in[left];
            count--;
            out[o] = sum / count;
            left += stride;
            o += stride;
        }
    }

    static float[][] decimate(float[] in, int rows, int cols) {
        float[][] out = new float[64][64];
        for (int i = 0; i < 64; i++) {
            int r = (int) (((i + 0.5) * rows) / 64);
            for (int j = 0; j < 64; j++) {
                int c = (int) (((j + 0.5) * cols) / 64);
                out[i][j] = in[r * cols + c];
            }
        }
        return out;
    }

    static int quality(float[][] m) {
        int gradients = 0;
        for (int i = 0; i < 63; i++) {
            for (int j = 0; j < 64; j++) {
                gradients += Math.abs((int) (((m[i][j] - m[i + 1][j]) * 100) / 255));
            }
        }
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 63; j++) {
                gradients += Math.abs((int) (((m[i][j] - m[i][j + 1]) * 100) / 255));
            }
        }
        return Math.min(100, gradients / 90);
    }

    /** D A D^T with D the 16 x 64 DCT-II rows 1..16. */
    static float[][] dct16(float[][] a) {
        float[][] t = new float[16][64];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                float s = 0f;
                for (int k = 0; k < 64; k++) {
                    s += DCT[i][k] * a[k][j];
                }
                t[i][j] = s;
            }
        }
        float[][] b = new float[16][16];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                float s = 0f;
                for (int k = 0; k < 64; k++) {
                    s += t[i][k] * DCT[j][k];
                }
                b[i][j] = s;
            }
        }
        return b;
    }

    /** Bit i*16+j set when coefficient (i, j) is above the median (the 128th smallest of the 256). */
    static PdqHash bits(float[][] dct) {
        float[] all = new float[256];
        for (int i = 0; i < 16; i++) {
            System.arraycopy(dct[i], 0, all, i * 16, 16);
        }
        float[] sorted = all.clone();
        Arrays.sort(sorted);
        float median = sorted[(256 + 1) / 2 - 1];
        boolean[] bits = new boolean[256];
        for (int k = 0; k < 256; k++) {
            bits[k] = all[k] > median;
        }
        return PdqHash.ofBits(bits);
    }

    private static float[][] dctMatrix() {
        double scale = Math.sqrt(2.0 / 64.0);
        float[][] d = new float[16][64];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                d[i][j] = (float) (scale * Math.cos((Math.PI / 2 / 64.0) * (i + 1) * (2 * j + 1)));
            }
        }
        return d;
    }
}
