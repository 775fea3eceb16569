package org.portrait.batch.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CapturedResponseTest {

    private static CapturedResponse captured() {
        HttpServletResponse none = (HttpServletResponse) Proxy.newProxyInstance(CapturedResponseTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    throw new AssertionError("the batch's own response is not touched: " + method.getName());
                });
        return new CapturedResponse(none);
    }

    /**
     * The container's forward closes the writer when the inner request ends; the body is still all that
     * was written, and reading it does not flush the closed writer (which fails inside PrintWriter,
     * with an exception per inner request, and marks the writer as in error).
     */
    @Test
    void aWriterClosedByTheForwardKeepsItsBodyAndIsNotFlushedAgain() {
        CapturedResponse response = captured();
        response.setContentType("application/json;charset=UTF-8");
        PrintWriter writer = response.getWriter();
        writer.write("{\"é\":1}");
        writer.close();
        assertArrayEquals("{\"é\":1}".getBytes(StandardCharsets.UTF_8), response.body());
        response.resetBuffer();
        assertFalse(writer.checkError(), "a closed writer was flushed");
    }

    @Test
    void anOpenWriterIsFlushedIntoTheBody() {
        CapturedResponse response = captured();
        response.getWriter().write("abc");
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), response.body());
    }
}
