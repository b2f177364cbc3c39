package eu.eevidence.gw.custody.storage;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.merkle.TreeHashes;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The check of {@link FileLog}'s {@code entries.log} on open: the magic, then every record's length and leaf hash.
 * Good records go into the caller's offsets and tree; a torn last record (incomplete, failing its hash, or a
 * zero-filled tail) is cut off and reported; a bad record followed by more data is corruption
 * ({@link CustodyError#STORAGE_CORRUPT}).
 */
final class RecordScan {

    static final byte[] MAGIC = "EEGCUS01".getBytes(StandardCharsets.US_ASCII);

    private final FileChannel channel;
    private final Path file;

    /** Where the good records end (the next append's offset) and what was found. */
    record Result(long fileEnd, OpenReport report) {
    }

    RecordScan(FileChannel channel, Path file) {
        this.channel = channel;
        this.file = file;
    }

    Result scan(LongList offsets, TreeHashes tree) throws IOException, CustodyException {
        long size = channel.size();
        ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
        channel.read(magic, 0);
        if (size < MAGIC.length || !Arrays.equals(magic.array(), MAGIC)) {
            throw new CustodyException(CustodyError.STORAGE_CORRUPT, file + " is not a custody log (bad magic)");
        }
        Rfc6962 hasher = new Rfc6962();
        long pos = MAGIC.length;
        byte[] head = new byte[4];
        byte[] body = new byte[FileLog.MAX_ENTRY + Rfc6962.HASH_SIZE];
        long index = 0;
        channel.position(pos);
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 20);
        while (pos < size) {
            long remaining = size - pos;
            String torn = null;
            int len = -1;
            if (remaining < 4) {
                torn = "incomplete length";
            } else {
                readFully(in, head, 4);
                len = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
                if (len <= 0 || len > FileLog.MAX_ENTRY) {
                    if (allZero(pos, size)) {
                        torn = "zero-filled tail";
                    } else {
                        throw new CustodyException(CustodyError.STORAGE_CORRUPT, "record " + index + " at byte " + pos
                                + " has an impossible length " + len + "; the log refuses to open");
                    }
                } else if (remaining < 4L + len + Rfc6962.HASH_SIZE) {
                    torn = "incomplete record";
                }
            }
            if (torn == null) {
                readFully(in, body, len + Rfc6962.HASH_SIZE);
                byte[] h = hasher.leaf(body, 0, len);
                boolean good = Arrays.equals(h, 0, 32, body, len, len + 32);
                long end = pos + 4 + len + Rfc6962.HASH_SIZE;
                if (!good) {
                    if (end == size) {
                        torn = "last record fails its hash";
                    } else {
                        throw new CustodyException(CustodyError.STORAGE_CORRUPT, "record " + index + " at byte " + pos
                                + " fails its hash check and is followed by more records; the log refuses to open");
                    }
                } else {
                    offsets.add(pos);
                    tree.appendLeafHash(h);
                    index++;
                    pos = end;
                    continue;
                }
            }
            long dropped = size - pos;
            channel.truncate(pos);
            channel.force(true);
            return new Result(pos, new OpenReport(index, Optional.of(new OpenReport.TornTail(index, dropped))));
        }
        return new Result(pos, new OpenReport(index, Optional.empty()));
    }

    private static void readFully(InputStream in, byte[] b, int n) throws IOException {
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
            off += r;
        }
    }

    private boolean allZero(long from, long to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        long p = from;
        while (p < to) {
            b.clear();
            int n = channel.read(b, p);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            p += n;
        }
        return true;
    }
}
