package org.portrait.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http} refuses to send (malformed escapes such as
 * {@code %ZZ} in the request line) or hides (how much of a streamed body the server read before answering).
 */
final class RawHttp {

    private final String host;
    private final int port;

    RawHttp(String origin) {
        URI uri = URI.create(origin);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    /** Status, lower-cased header block and body of one answer. */
    record Answer(int status, String headers, byte[] body, long bodyBytesSent) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(name.toLowerCase(Locale.ROOT))) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + headers.replace("\r\n", " | ") + " body: " + text();
        }
    }

    /** Sends the request head exactly as given (plus Host and Connection: close) and no body. */
    Answer send(String method, String target, String... headers) {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(head(method, target, headers));
            socket.getOutputStream().flush();
            return read(socket.getInputStream(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    /**
     * Sends {@code head} byte for byte (ISO-8859-1; the caller writes the request line, every header and the
     * blank line), then {@code body}: for request lines and heads no HTTP client would send.
     */
    Answer sendRaw(String head, byte[] body) {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket.getInputStream(), body.length);
        } catch (IOException e) {
            throw new UncheckedIOException(head.lines().findFirst().orElse(""), e);
        }
    }

    /** {@code Host: host:port}, the header line {@link #sendRaw} callers need. */
    String hostHeader() {
        return "Host: " + host + ':' + port;
    }

    /**
     * Streams a chunked body of up to {@code maxBytes} from {@code chunk} repeated, while reading the answer
     * on the side; stops sending as soon as the answer has arrived or the server stops taking bytes.
     */
    Answer streamChunked(String method, String target, byte[] first, byte[] chunk, long maxBytes, String... headers) {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head(method, target, concat(headers, "Transfer-Encoding: chunked")));
            AtomicBoolean answered = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    writeChunk(out, first);
                    sent.addAndGet(first.length);
                    while (!answered.get() && sent.get() < maxBytes) {
                        writeChunk(out, chunk);
                        sent.addAndGet(chunk.length);
                    }
                    if (!answered.get()) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException closed) {
                    // the server closed the connection after answering: what we hope for
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            Answer answer = read(socket.getInputStream(), 0);
            answered.set(true);
            writer.join(10_000);
            return new Answer(answer.status(), answer.headers(), answer.body(), sent.get());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Declares {@code declaredLength} bytes, sends only {@code body}, and reads the answer. */
    Answer sendWithLength(String method, String target, long declaredLength, byte[] body, String... headers) {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head(method, target, concat(headers, "Content-Length: " + declaredLength)));
            out.write(body);
            out.flush();
            return read(socket.getInputStream(), body.length);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    /**
     * Sends the head and the first half of the body and holds back the rest until {@link Held#finish()}:
     * a request in flight on the server for as long as the caller wants.
     */
    Held sendHalf(String method, String target, byte[] body, String... headers) {
        try {
            Socket socket = connect();
            OutputStream out = socket.getOutputStream();
            out.write(head(method, target, concat(headers, "Content-Length: " + body.length)));
            out.write(body, 0, body.length / 2);
            out.flush();
            return new Held(socket, body);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    /** A request whose body is half sent. */
    record Held(Socket socket, byte[] body) {
        /** Sends the rest of the body and reads the answer. */
        Answer finish() {
            try (socket) {
                OutputStream out = socket.getOutputStream();
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                return read(socket.getInputStream(), body.length);
            } catch (IOException e) {
                throw new UncheckedIOException("the rest of a held request", e);
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private byte[] head(String method, String target, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads the head, then the body by Content-Length, chunks, or until the server closes. */
    private static Answer read(InputStream in, long sent) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before an answer; got: " + head);
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(text.indexOf("\r\n") + 2).toLowerCase(Locale.ROOT);
        Answer partial = new Answer(status, headers, new byte[0], sent);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            String length = partial.header("content-length");
            if (length != null) {
                body.write(in.readNBytes(Integer.parseInt(length)));
            } else if ("chunked".equals(partial.header("transfer-encoding"))) {
                readChunks(in, body);
            } else if (status != 204 && status != 304) {
                body.write(in.readAllBytes());
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // keep what arrived
        }
        return new Answer(status, headers, body.toByteArray(), sent);
    }

    private static void readChunks(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    return;
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return;
            }
            body.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }

    private static String[] concat(String[] headers, String extra) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 1);
        all[headers.length] = extra;
        return all;
    }
}
