package eu.eevidence.gw.gateway.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * Turns a producer that writes into an {@link OutputStream} (a streaming CMS opening, an adapter's download) into an
 * {@link InputStream} for a consumer that reads (the streaming CMS protection of the store), through a bounded pipe
 * and one producer thread: constant memory. A producer failure is not an end of stream: the reader gets an
 * {@link IOException} and {@link Input#failure()} tells what went wrong.
 */
final class Pipe {

    private static final int BUFFER = 64 * 1024;

    /** What writes the bytes. */
    interface Producer {
        void writeTo(OutputStream out) throws Exception;
    }

    private Pipe() {
    }

    static Input start(String name, Producer producer) throws IOException {
        PipedInputStream in = new PipedInputStream(BUFFER);
        PipedOutputStream out = new PipedOutputStream(in);
        Input input = new Input(in);
        Thread t = new Thread(() -> {
            try {
                producer.writeTo(out);
            } catch (Exception | Error e) {
                input.failure = e; // before the close: the reader must never take a failure for the end of the stream
            } finally {
                try {
                    out.close();
                } catch (IOException e) {
                    // the reader went away
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return input;
    }

    /** The reading end. Closing it makes a still-writing producer fail and end. */
    static final class Input extends InputStream {
        private final PipedInputStream in;
        private volatile Throwable failure;

        private Input(PipedInputStream in) {
            this.in = in;
        }

        /** The producer's failure, or null. */
        Throwable failure() {
            return failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                throw failure != null ? new IOException("the producer failed", failure) : e;
            }
            if (n < 0 && failure != null) {
                throw new IOException("the producer failed", failure);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
