package eu.eevidence.gw.custody.storage;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.merkle.MerkleTrees;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.merkle.SubtreeHashes;
import eu.eevidence.gw.custody.merkle.TreeHashes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The durable, append-only custody log in one directory.
 *
 * <p>File {@code entries.log}: the 8-byte magic {@code EEGCUS01}, then one record per entry:
 * {@code uint32 length (big-endian) || entry || SHA-256(0x00 || entry)}. The trailing leaf hash lets {@link #open}
 * tell a complete record from a torn one ({@link RecordScan} reads and checks them on open).
 *
 * <p>Appends are serialised by one writer thread that drains the queue of waiting appends, writes them with one
 * write and makes them durable with one {@code fsync} (group commit), then assigns gap-free indices in queue order.
 * {@link #append} returns only once its entry is durable. One process at a time: the directory is locked.
 *
 * <p>On open, every record is read and hash-checked. A torn last record (incomplete, or failing its hash, or a
 * zero-filled tail) is cut off and reported in {@link #openReport()}; a bad record followed by more data means
 * corruption, and the log refuses to open ({@link CustodyError#STORAGE_CORRUPT}) rather than drop anything.
 */
public final class FileLog implements SubtreeHashes, AutoCloseable {

    public static final String ENTRIES_FILE = "entries.log";
    public static final int MAX_ENTRY = 65_535;
    private static final int DEFAULT_MAX_BATCH = 4096;

    private final Path dir;
    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeHashes tree = new TreeHashes();
    private final LongList offsets = new LongList();
    private final ReadWriteLock rw = new ReentrantReadWriteLock();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final int maxBatch;
    private final OpenReport report;
    private long fileEnd;
    private volatile String failure;
    private volatile boolean closed;

    private record Pending(byte[] entry, byte[] leafHash, long expectedIndex, CompletableFuture<Long> done) {
    }

    private static final Pending STOP = new Pending(new byte[0], new byte[0], -1, null);

    private FileLog(Path dir, int maxBatch) throws CustodyException {
        this.dir = dir;
        this.maxBatch = maxBatch;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot open custody log directory " + dir + ": " + e.getMessage(), e);
        }
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            closeQuietly(lockChannel);
            throw new CustodyException(CustodyError.STORAGE_LOCKED, "custody log " + dir + " is in use by another process or instance");
        }
        lock = l;
        try {
            Path file = dir.resolve(ENTRIES_FILE);
            boolean fresh = !Files.exists(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (fresh || channel.size() == 0) {
                channel.write(ByteBuffer.wrap(RecordScan.MAGIC), 0);
                channel.force(true);
                forceDirectory(dir);
            }
            RecordScan.Result scanned = new RecordScan(channel, file).scan(offsets, tree);
            fileEnd = scanned.fileEnd();
            report = scanned.report();
        } catch (IOException e) {
            releaseQuietly();
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot read custody log " + dir + ": " + e.getMessage(), e);
        } catch (CustodyException e) {
            releaseQuietly();
            throw e;
        }
        writer = new Thread(this::writeLoop, "custody-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens (creating if needed) the log in {@code dir}, checking every record and repairing a torn tail. */
    public static FileLog open(Path dir) throws CustodyException {
        return new FileLog(dir, DEFAULT_MAX_BATCH);
    }

    public static FileLog open(Path dir, int maxBatch) throws CustodyException {
        if (maxBatch < 1) {
            throw new CustodyException(CustodyError.RANGE, "batch size must be positive");
        }
        return new FileLog(dir, maxBatch);
    }

    public OpenReport openReport() {
        return report;
    }

    public Path directory() {
        return dir;
    }

    private void readFully(ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int n = channel.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + p);
            }
            p += n;
        }
    }

    /** Appends one entry and returns its index once it is durable (fsync'd). */
    public long append(byte[] entry) throws CustodyException {
        return await(appendAsync(entry));
    }

    /**
     * Re-appends an entry that must land at {@code expectedIndex} (the next index): the repair path after a torn
     * tail, replaying entries from the durable source in order. Fails with {@link CustodyError#APPEND_ORDER} otherwise.
     */
    public long appendAt(long expectedIndex, byte[] entry) throws CustodyException {
        if (expectedIndex < 0) {
            throw new CustodyException(CustodyError.RANGE, "index at or above 2^63");
        }
        return await(enqueue(entry, expectedIndex));
    }

    /** Asynchronous {@link #appendAt}: queue order is index order, so a caller may queue several in a row. */
    public CompletableFuture<Long> appendAtAsync(long expectedIndex, byte[] entry) {
        if (expectedIndex < 0) {
            return CompletableFuture.failedFuture(new CustodyException(CustodyError.RANGE, "index at or above 2^63"));
        }
        try {
            return enqueue(entry, expectedIndex);
        } catch (CustodyException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Queues an entry; the future completes with its index once it is durable, or fails with a {@link CustodyException}. */
    public CompletableFuture<Long> appendAsync(byte[] entry) {
        try {
            return enqueue(entry, -1);
        } catch (CustodyException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Long> enqueue(byte[] entry, long expectedIndex) throws CustodyException {
        if (entry == null || entry.length == 0 || entry.length > MAX_ENTRY) {
            throw new CustodyException(CustodyError.ENTRY_SIZE, "an entry must have 1 to 65535 bytes, not "
                    + (entry == null ? "none" : entry.length));
        }
        if (closed || failure != null) {
            throw new CustodyException(CustodyError.LOG_CLOSED, "custody log is closed" + (failure == null ? "" : " after: " + failure));
        }
        Pending p = new Pending(entry.clone(), Rfc6962.leafHash(entry), expectedIndex, new CompletableFuture<>());
        queue.add(p);
        return p.done();
    }

    private static long await(CompletableFuture<Long> f) throws CustodyException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CustodyException(CustodyError.STORAGE_IO, "interrupted while waiting for a durable append");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CustodyException c) {
                throw c;
            }
            throw new CustodyException(CustodyError.STORAGE_IO, "append failed: " + e.getCause(), e.getCause());
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
            if (stop) {
                for (Pending p : queue) {
                    if (p != STOP) {
                        p.done().completeExceptionally(new CustodyException(CustodyError.LOG_CLOSED, "custody log closed"));
                    }
                }
                return;
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        if (failure != null) {
            fail(batch, new CustodyException(CustodyError.LOG_CLOSED, "custody log failed earlier: " + failure));
            return;
        }
        long next = tree.size();
        List<Pending> accepted = new ArrayList<>(batch.size());
        int bytes = 0;
        for (Pending p : batch) {
            long index = next + accepted.size();
            if (p.expectedIndex() >= 0 && p.expectedIndex() != index) {
                p.done().completeExceptionally(new CustodyException(CustodyError.APPEND_ORDER,
                        "re-append expected index " + p.expectedIndex() + " but the next index is " + index));
                continue;
            }
            accepted.add(p);
            bytes += 4 + p.entry().length + Rfc6962.HASH_SIZE;
        }
        if (accepted.isEmpty()) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        for (Pending p : accepted) {
            buf.putInt(p.entry().length).put(p.entry()).put(p.leafHash());
        }
        buf.flip();
        long start = fileEnd;
        try {
            long pos = start;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
            channel.force(false);
        } catch (IOException e) {
            String why = e.getMessage();
            try {
                channel.truncate(start);
                channel.force(false);
            } catch (IOException again) {
                failure = why;
            }
            fail(accepted, new CustodyException(CustodyError.STORAGE_IO, "custody log write failed: " + why, e));
            return;
        }
        rw.writeLock().lock();
        try {
            long pos = start;
            for (Pending p : accepted) {
                offsets.add(pos);
                tree.appendLeafHash(p.leafHash());
                pos += 4 + p.entry().length + Rfc6962.HASH_SIZE;
            }
            fileEnd = pos;
        } finally {
            rw.writeLock().unlock();
        }
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).done().complete(next + i);
        }
    }

    private static void fail(List<Pending> batch, CustodyException e) {
        for (Pending p : batch) {
            p.done().completeExceptionally(e);
        }
    }

    /** The number of durable entries. */
    public long size() {
        rw.readLock().lock();
        try {
            return tree.size();
        } finally {
            rw.readLock().unlock();
        }
    }

    /** The entry at {@code index}. */
    public byte[] entry(long index) throws CustodyException {
        return entries(index, 1).get(0);
    }

    /** The entries [from, from+count). */
    public List<byte[]> entries(long from, int count) throws CustodyException {
        long start;
        long end;
        rw.readLock().lock();
        try {
            if (from < 0 || count < 0 || from + count > tree.size()) {
                throw new CustodyException(CustodyError.RANGE, "entries [" + from + ", " + (from + count) + ") beyond size " + tree.size());
            }
            if (count == 0) {
                return List.of();
            }
            start = offsets.get(from);
            end = from + count < offsets.size() ? offsets.get(from + count) : fileEnd;
        } finally {
            rw.readLock().unlock();
        }
        try {
            ByteBuffer b = ByteBuffer.allocate((int) (end - start));
            readFully(b, start);
            b.flip();
            List<byte[]> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int len = b.getInt();
                byte[] e = new byte[len];
                b.get(e);
                b.position(b.position() + Rfc6962.HASH_SIZE);
                out.add(e);
            }
            return out;
        } catch (IOException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot read custody log entries: " + e.getMessage(), e);
        }
    }

    public byte[] leafHash(long index) throws CustodyException {
        return perfect(0, index);
    }

    @Override
    public byte[] perfect(int level, long index) throws CustodyException {
        rw.readLock().lock();
        try {
            return tree.perfect(level, index);
        } finally {
            rw.readLock().unlock();
        }
    }

    public byte[] root(long size) throws CustodyException {
        checkSize(size);
        return MerkleTrees.root(this, size);
    }

    public List<byte[]> inclusionProof(long index, long size) throws CustodyException {
        checkSize(size);
        return MerkleTrees.inclusionProof(this, index, size);
    }

    public List<byte[]> consistencyProof(long size1, long size2) throws CustodyException {
        checkSize(size2);
        return MerkleTrees.consistencyProof(this, size1, size2);
    }

    /** The hashes [from, from+count) at tile level k (body of a hash tile), for tiles fully inside the current tree. */
    public byte[] tileHashes(int k, long from, int count) throws CustodyException {
        rw.readLock().lock();
        try {
            if (k < 0 || from < 0 || count < 0 || from + count > tree.countAtTileLevel(k)) {
                throw new CustodyException(CustodyError.RANGE, "no such hashes at tile level " + k);
            }
            return tree.tileHashes(k, from, count);
        } finally {
            rw.readLock().unlock();
        }
    }

    private void checkSize(long size) throws CustodyException {
        long s = size();
        if (size < 0 || size > s) {
            throw new CustodyException(CustodyError.RANGE, "tree size " + Long.toUnsignedString(size) + " beyond the log's size " + s);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseQuietly();
    }

    private void releaseQuietly() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(lockChannel);
        closeQuietly(channel);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // not every platform can fsync a directory
        }
    }
}
