package org.portrait.batch.boundary;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.portrait.batch.control.BatchItem;

/**
 * The batch request as one inner request sees it: the inner method, headers and body, and the
 * batch's own {@code Authorization} (an inner request cannot bring another token). Path and query
 * come from the container's forward to the inner url.
 */
class InnerRequest extends HttpServletRequestWrapper {

    /** Headers of the batch request itself that every inner request keeps. */
    private static final List<String> FROM_BATCH = List.of("authorization", "host");

    private final BatchItem item;
    private final Map<String, String> headers = new LinkedHashMap<>();

    InnerRequest(HttpServletRequest batch, BatchItem item) {
        super(batch);
        this.item = item;
        item.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        for (String name : FROM_BATCH) {
            headers.remove(name);
            String value = batch.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        headers.remove("content-length");
        headers.remove("transfer-encoding");
        if (item.body().length > 0) {
            headers.put("content-length", Integer.toString(item.body().length));
        }
    }

    /**
     * The inner url's own query, never an earlier one's: WildFly's forward sets the exchange's query string only
     * when the target has one, so an inner request without a query saw the previous inner request's.
     */
    @Override
    public String getQueryString() {
        int query = item.url().indexOf('?');
        return query < 0 ? null : item.url().substring(query + 1);
    }

    @Override
    public String getMethod() {
        return item.method();
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String value = getHeader(name);
        return Collections.enumeration(value == null ? List.of() : List.of(value));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(new ArrayList<>(headers.keySet()));
    }

    @Override
    public int getIntHeader(String name) {
        String value = getHeader(name);
        return value == null ? -1 : Integer.parseInt(value.trim());
    }

    @Override
    public long getDateHeader(String name) {
        String value = getHeader(name);
        if (value == null) {
            return -1;
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (RuntimeException notADate) {
            throw new IllegalArgumentException("Not a date: " + name);
        }
    }

    @Override
    public String getContentType() {
        return getHeader("content-type");
    }

    @Override
    public int getContentLength() {
        return item.body().length > 0 ? item.body().length : -1;
    }

    @Override
    public long getContentLengthLong() {
        return getContentLength();
    }

    @Override
    public String getCharacterEncoding() {
        String type = getContentType();
        int charset = type == null ? -1 : type.toLowerCase(Locale.ROOT).indexOf("charset=");
        return charset < 0 ? null : type.substring(charset + "charset=".length()).replace("\"", "").split(";")[0].trim();
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream bytes = new ByteArrayInputStream(item.body());
        return new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return bytes.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("An inner request of a batch is read synchronously.");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
}
