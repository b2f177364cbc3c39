package eu.eevidence.gw.gateway.evidence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what passes and refuses to read past {@code limit} bytes: asking for one byte more than the limit is enough to
 * detect an over-long stream, which then fails with an {@link IOException} and {@link #exceeded()} true. {@link #skip}
 * skips nothing, so every byte is seen by {@link #passed}.
 */
public class BoundedInputStream extends FilterInputStream {

    private final long limit;
    private long count;
    private boolean exceeded;

    public BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long room = limit - count;
        int want = (int) Math.min(len, Math.max(room, 0) + 1);
        int n = in.read(b, off, want);
        if (n > 0) {
            if (count + n > limit) {
                exceeded = true;
                throw new IOException("more than " + limit + " bytes");
            }
            passed(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0;
    }

    /** Called with every run of bytes that passed (subclasses hash them). */
    protected void passed(byte[] b, int off, int n) {
        // counting only
    }

    /** Whether the stream turned out longer than the limit. */
    public boolean exceeded() {
        return exceeded;
    }

    /** The bytes passed so far. */
    public long count() {
        return count;
    }
}
