package org.portrait.it.sdk;

import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the Graph SDK really put on the wire: an OkHttp interceptor (added after the SDK's own middleware, so it
 * sees the final request) and a JUnit extension that prints the exchanges of a failed test, so that a request the
 * server refuses can be reported exactly (method, URL, headers, body type, answer). {@code -Dportrait.wire=true}
 * prints every exchange.
 */
public final class WireLog implements Interceptor, BeforeEachCallback, TestWatcher {

    private static final boolean PRINT_ALL = Boolean.getBoolean("portrait.wire");

    /** One request and its answer. */
    public record Exchange(String method, String url, Headers requestHeaders, String requestBody, int status,
                           Headers responseHeaders, String responseBody) {

        @Override
        public String toString() {
            return method + " " + url + "\n" + redact(requestHeaders) + (requestBody == null ? "" : "  body: " + requestBody + "\n")
                    + "  -> " + status + "\n" + indent(responseHeaders) + (responseBody == null ? "" : "  " + responseBody + "\n");
        }

        private static String redact(Headers headers) {
            Headers.Builder shown = headers.newBuilder();
            if (headers.get("Authorization") != null) {
                shown.set("Authorization", "Bearer <" + headers.get("Authorization").length() + " chars>");
            }
            return indent(shown.build());
        }

        private static String indent(Headers headers) {
            return headers.toString().lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        }
    }

    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        RequestBody body = request.body();
        String bodyInfo = body == null ? null : body.contentType() + ", " + body.contentLength() + " bytes";
        Response response = chain.proceed(request);
        String responseText = null;
        MediaType type = response.body() == null ? null : response.body().contentType();
        if (type != null && !"image".equals(type.type())) {
            responseText = response.peekBody(2000).string();
        } else if (type != null) {
            responseText = "<" + type + ", " + response.body().contentLength() + " bytes>";
        }
        Exchange exchange = new Exchange(request.method(), request.url().toString(), request.headers(), bodyInfo,
                response.code(), response.headers(), responseText);
        exchanges.add(exchange);
        if (PRINT_ALL) {
            System.out.println("[wire] " + exchange);
        }
        return response;
    }

    /** The last exchange of the current test. */
    public Exchange last() {
        synchronized (exchanges) {
            if (exchanges.isEmpty()) {
                throw new IllegalStateException("nothing was sent");
            }
            return exchanges.get(exchanges.size() - 1);
        }
    }

    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        exchanges.clear();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StringBuilder log = new StringBuilder("Wire log of failed test " + context.getDisplayName() + ":\n");
        exchanges().forEach(e -> log.append(e).append('\n'));
        System.out.println(log);
    }
}
