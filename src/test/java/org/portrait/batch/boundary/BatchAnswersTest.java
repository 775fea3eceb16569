package org.portrait.batch.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portrait.batch.control.BatchItem;

class BatchAnswersTest {

    private static final BatchItem ITEM = new BatchItem("7", "GET", "me/photo/$value", Map.of(), new byte[0], List.of());

    /** Only attributes are used (the request-id); headers are absent. */
    private static HttpServletRequest request() {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(BatchAnswersTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> null;
                });
    }

    private static CapturedResponse captured(String contentType, byte[] body) {
        HttpServletResponse none = (HttpServletResponse) Proxy.newProxyInstance(BatchAnswersTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    throw new AssertionError("the batch's own response is not touched: " + method.getName());
                });
        CapturedResponse response = new CapturedResponse(none);
        response.setContentType(contentType);
        response.setHeader("etag", "\"e1\"");
        response.addHeader("X-Other", "1");
        try {
            response.getOutputStream().write(body, 0, body.length);
        } catch (java.io.IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
        return response;
    }

    @Test
    void imagesAreBase64AndHeadersSpelledAsGraphDoes() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2};
        JsonObject answer = new BatchAnswers(1000).answer(ITEM, captured("image/jpeg", jpeg), request());
        assertEquals("7", answer.getString("id"));
        assertEquals(200, answer.getInt("status"));
        assertEquals(Map.of("Content-Type", "image/jpeg", "ETag", "\"e1\""), Map.copyOf(answer.getJsonObject("headers")
                .entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> ((jakarta.json.JsonString) e.getValue()).getString()))));
        assertEquals(Base64.getEncoder().encodeToString(jpeg), answer.getString("body"));
    }

    @Test
    void jsonIsEmbeddedAsJson() {
        byte[] json = "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        JsonObject answer = new BatchAnswers(1000).answer(ITEM, captured("application/json;charset=UTF-8", json), request());
        assertEquals("a", answer.getJsonObject("body").getString("id"));
    }

    @Test
    void anErrorSentWithoutBodyBecomesGraphErrorJson() {
        CapturedResponse response = captured("text/html", new byte[0]);
        response.sendError(404);
        JsonObject answer = new BatchAnswers(1000).answer(ITEM, response, request());
        assertEquals(404, answer.getInt("status"));
        assertEquals("application/json", answer.getJsonObject("headers").getString("Content-Type"));
        assertEquals("Request_ResourceNotFound", answer.getJsonObject("body").getJsonObject("error").getString("code"));
    }

    /**
     * The bound counts a base64 body as it is written into the batch's JSON: its characters and two
     * quotes, so an answer that fills the bound exactly still fits and one character more does not.
     */
    @Test
    void aBase64BodyCountsItsCharactersAndQuotes() {
        byte[] nine = new byte[9]; // 12 base64 characters, 14 with quotes
        assertEquals(200, new BatchAnswers(14).answer(ITEM, captured("image/jpeg", nine), request()).getInt("status"));
        assertEquals(413, new BatchAnswers(13).answer(ITEM, captured("image/jpeg", nine), request()).getInt("status"));
    }

    /** A JSON body counts as written: a string with quotes to escape counts its escapes. */
    @Test
    void aJsonBodyCountsAsSerialized() {
        byte[] json = "\"a\\\"b\"".getBytes(StandardCharsets.UTF_8); // the JSON string "a\"b": 6 characters
        assertEquals(200, new BatchAnswers(6).answer(ITEM, captured("application/json", json), request()).getInt("status"));
        assertEquals(413, new BatchAnswers(5).answer(ITEM, captured("application/json", json), request()).getInt("status"));
    }

    /** Past the bound, an answer gets its own error and the ones after it still answer. */
    @Test
    void theBatchAnswerIsBounded() {
        BatchAnswers answers = new BatchAnswers(20);
        byte[] twelve = new byte[9]; // 12 base64 characters, 14 with quotes
        assertEquals(200, answers.answer(ITEM, captured("image/jpeg", twelve), request()).getInt("status"));
        JsonObject tooLarge = answers.answer(ITEM, captured("image/jpeg", twelve), request());
        assertEquals(413, tooLarge.getInt("status"));
        assertEquals("ResponseTooLarge", tooLarge.getJsonObject("body").getJsonObject("error").getString("code"));
        JsonObject small = answers.answer(ITEM, captured("image/jpeg", new byte[3]), request());
        assertEquals(200, small.getInt("status"));
        assertFalse(small.getString("body").isEmpty());
    }
}
