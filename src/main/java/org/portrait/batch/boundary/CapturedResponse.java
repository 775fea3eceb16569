package org.portrait.batch.boundary;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps an inner request's answer (status, headers, body) in memory, for the batch's JSON. Nothing
 * reaches the batch's own response, which stays uncommitted until every inner request has run.
 */
class CapturedResponse extends HttpServletResponseWrapper {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = SC_OK;
    private boolean errorSent;
    private String characterEncoding;
    private PrintWriter writer;
    private boolean writerClosed;
    private ServletOutputStream stream;

    CapturedResponse(HttpServletResponse batch) {
        super(batch);
    }

    int status() {
        return status;
    }

    /** Whether the status came from {@code sendError}, whose Graph error body is still to be written. */
    boolean errorSent() {
        return errorSent;
    }

    byte[] body() {
        flushWriter();
        return body.toByteArray();
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc, String message) {
        sendError(sc);
    }

    @Override
    public void sendError(int sc) {
        resetBuffer();
        status = sc;
        errorSent = true;
    }

    @Override
    public void sendRedirect(String location) {
        resetBuffer();
        status = SC_FOUND;
        setHeader("Location", location);
    }

    @Override
    public void setHeader(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, new ArrayList<>(List.of(value)));
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (value != null) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, httpDate(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, httpDate(date));
    }

    private static String httpDate(long date) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(date).atZone(ZoneOffset.UTC));
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(name);
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return List.copyOf(headers.getOrDefault(name, List.of()));
    }

    @Override
    public Collection<String> getHeaderNames() {
        return List.copyOf(headers.keySet());
    }

    @Override
    public void addCookie(Cookie cookie) {
        // Portrait sets no cookies; a batch answer carries none.
    }

    @Override
    public void setContentType(String type) {
        setHeader("Content-Type", type);
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        int charset = lower.indexOf("charset=");
        if (charset >= 0) {
            characterEncoding = type.substring(charset + "charset=".length()).split(";")[0].trim();
        }
    }

    @Override
    public String getContentType() {
        return getHeader("Content-Type");
    }

    @Override
    public void setCharacterEncoding(String charset) {
        characterEncoding = charset;
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding == null ? StandardCharsets.ISO_8859_1.name() : characterEncoding;
    }

    @Override
    public void setContentLength(int length) {
        // The batch answer has no per-item length; the body's size is what was written.
    }

    @Override
    public void setContentLengthLong(long length) {
        // As setContentLength.
    }

    @Override
    public void setLocale(Locale locale) {
        // Portrait answers in one language; nothing depends on the locale.
    }

    @Override
    public void setBufferSize(int size) {
        // Everything is buffered until the inner request ends.
    }

    @Override
    public int getBufferSize() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void flushBuffer() {
        // Nothing is sent before the inner request ends.
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void resetBuffer() {
        flushWriter();
        body.reset();
    }

    @Override
    public void reset() {
        resetBuffer();
        headers.clear();
        status = SC_OK;
        errorSent = false;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    body.write(bytes, offset, length);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new IllegalStateException("An inner request of a batch is written synchronously.");
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            Charset charset = characterEncoding != null && Charset.isSupported(characterEncoding)
                    ? Charset.forName(characterEncoding) : StandardCharsets.UTF_8;
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset)) {
                @Override
                public void close() {
                    super.close(); // flushes first
                    writerClosed = true;
                }
            };
        }
        return writer;
    }

    /**
     * A closed writer has nothing left to flush, and flushing it throws (inside PrintWriter) an
     * IOException: the container's forward closes the writer at its end, so that was one exception per
     * inner request (docs/performance.md: none on a normal request).
     */
    private void flushWriter() {
        if (writer != null && !writerClosed) {
            writer.flush();
        }
    }
}
