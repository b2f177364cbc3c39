package eu.eevidence.gw.gateway.alert;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A STARTTLS front for GreenMail in tests. GreenMail 2.1.3's SMTP server does not implement STARTTLS (RFC 3207; its EHLO
 * offers only AUTH), so this front relays the plain dialogue to it, adds STARTTLS to the EHLO answer, answers STARTTLS
 * itself, upgrades the client's connection with the test's TLS server key, and from then on relays bytes both ways
 * (the client's second EHLO, AUTH and the message reach GreenMail unchanged). With {@code greeting} set, it answers
 * every connection with that line and closes it instead (a server that refuses).
 */
public final class StartTlsFront implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext tls;
    private final int upstreamPort;
    private final String greeting;
    private final List<Socket> open = new ArrayList<>();

    public StartTlsFront(SSLContext tls, int upstreamPort, String greeting) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.tls = tls;
        this.upstreamPort = upstreamPort;
        this.greeting = greeting;
        Thread t = new Thread(this::accept, "starttls-front");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                synchronized (open) {
                    open.add(client);
                }
                Thread t = new Thread(() -> serve(client), "starttls-front-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            if (greeting != null) {
                client.getOutputStream().write((greeting + "\r\n").getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                return;
            }
            try (Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                InputStream upIn = up.getInputStream();
                OutputStream upOut = up.getOutputStream();
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                relayReply(upIn, out, false);
                while (true) {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    if (line.equalsIgnoreCase("STARTTLS")) {
                        out.write("220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client, "127.0.0.1", client.getPort(), true);
                        secure.setUseClientMode(false);
                        secure.startHandshake();
                        pipe(upIn, secure.getOutputStream());
                        secure.getInputStream().transferTo(upOut); // until the client closes
                        return;
                    }
                    upOut.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    upOut.flush();
                    relayReply(upIn, out, line.toUpperCase(java.util.Locale.ROOT).startsWith("EHLO"));
                }
            }
        } catch (IOException e) {
            // the client or GreenMail closed the connection
        }
    }

    /** Relays one (multi-line) reply; on an EHLO answer adds STARTTLS as the last capability. */
    private static void relayReply(InputStream upIn, OutputStream out, boolean ehlo) throws IOException {
        while (true) {
            String line = readLine(upIn);
            if (line == null) {
                return;
            }
            boolean last = line.length() < 4 || line.charAt(3) != '-';
            if (last && ehlo && line.startsWith("250")) {
                out.write(("250-" + line.substring(4) + "\r\n250 STARTTLS\r\n").getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            if (last) {
                out.flush();
                return;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    private static void pipe(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                // closed
            } finally {
                try {
                    to.close();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "starttls-front-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (open) {
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
