package org.portrait.batch.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.portrait.errors.entity.InvalidRequestException;

class BatchRequestsTest {

    private static List<BatchItem> read(String json) {
        return BatchRequests.read(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), "v1.0");
    }

    private static String get(String id, String url) {
        return "{'id':'" + id + "','method':'GET','url':'" + url + "'}";
    }

    private static String batch(String... requests) {
        return "{'requests':[" + String.join(",", requests) + "]}";
    }

    @Test
    void readsRequestsAsSent() {
        List<BatchItem> items = read(batch(
                "{'id':'1','method':'get','url':'/users/a/photo/$value','headers':{'If-None-Match':'\\\"x\\\"'}}",
                "{'id':'2','method':'PATCH','url':'me','headers':{'content-type':'application/json'},'body':{'mail':null}}",
                "{'id':'3','method':'PUT','url':'me/photo/$value','headers':{'Content-Type':'image/jpeg'},'body':'"
                        + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "','dependsOn':['2']}"));
        assertEquals(List.of("1", "2", "3"), items.stream().map(BatchItem::id).toList());
        assertEquals("GET", items.get(0).method());
        assertEquals("users/a/photo/$value", items.get(0).url());
        assertEquals("\"x\"", items.get(0).header("if-none-match"));
        assertEquals("{\"mail\":null}", new String(items.get(1).body(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {1, 2, 3}, items.get(2).body());
        assertEquals(List.of("2"), items.get(2).dependsOn());
        assertEquals(0, items.get(0).body().length);
    }

    /** The Graph JavaScript client's BatchRequestContent sends {@code /v1.0/users/…}. */
    @Test
    void theBatchsOwnVersionIsTakenOffTheUrl() {
        assertEquals("users/a/photo/$value", read(batch(get("1", "/v1.0/users/a/photo/$value"))).get(0).url());
        assertEquals("me", read(batch(get("1", "V1.0/me"))).get(0).url());
        assertEquals("me", BatchRequests.read(batch(get("1", "/beta/me")).replace('\'', '"')
                .getBytes(StandardCharsets.UTF_8), "beta").get(0).url());
    }

    @Test
    void aDataUrlBodyIsDecodedToo() {
        List<BatchItem> items = read(batch("{'id':'1','method':'PUT','url':'me/photo/$value',"
                + "'headers':{'Content-Type':'image/png'},'body':'data:image/png;base64,AQID'}"));
        assertArrayEquals(new byte[] {1, 2, 3}, items.get(0).body());
    }

    @Test
    void runsDependenciesFirstAndOtherwiseAsSent() {
        List<BatchItem> items = read(batch(
                "{'id':'a','method':'GET','url':'me','dependsOn':['c']}",
                get("b", "me"),
                "{'id':'c','method':'GET','url':'me','dependsOn':['b']}",
                get("d", "me")));
        assertEquals(List.of("b", "c", "a", "d"), BatchRequests.runOrder(items).stream().map(BatchItem::id).toList());
    }

    @Test
    void aCycleIsRefused() {
        List<BatchItem> items = read(batch(
                "{'id':'a','method':'GET','url':'me','dependsOn':['b']}",
                "{'id':'b','method':'GET','url':'me','dependsOn':['a']}"));
        assertThrows(InvalidRequestException.class, () -> BatchRequests.runOrder(items));
    }

    @Test
    void twentyRequestsAreAllowed() {
        String twenty = IntStream.rangeClosed(1, 20).mapToObj(i -> get("r" + i, "me")).collect(Collectors.joining(","));
        assertEquals(20, read("{'requests':[" + twenty + "]}").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[]",
            "{}",
            "{'requests':{}}",
            "{'requests':[]}",
            "{'requests':[1]}",
            "{'requests':[{'method':'GET','url':'me'}]}",
            "{'requests':[{'id':'1','url':'me'}]}",
            "{'requests':[{'id':'1','method':'GET'}]}",
            "{'requests':[{'id':'1','method':'HEAD','url':'me'}]}",
            "{'requests':[{'id':'1','method':'OPTIONS','url':'me'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'me'},{'id':'1','method':'GET','url':'me'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'https://graph.microsoft.com/v1.0/me'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'//evil.example/me'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'/beta/me'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'v1.0/BETA/me'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'/v1.0/v1.0/me'}]}",
            "{'requests':[{'id':'1','method':'POST','url':'$batch'}]}",
            "{'requests':[{'id':'1','method':'POST','url':'/%24BATCH'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'users/../../health'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'users/%2e%2e/x'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'users/a%2Fb'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'users/%ZZ'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'users/a b'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'me','dependsOn':['2']}]}",
            "{'requests':[{'id':'1','method':'GET','url':'me','dependsOn':['1']}]}",
            "{'requests':[{'id':'1','method':'GET','url':'me','dependsOn':'2'}]}",
            "{'requests':[{'id':'1','method':'GET','url':'me','headers':{'a':1}}]}",
            "{'requests':[{'id':'1','method':'GET','url':'me','headers':{'a b':'c'}}]}",
            "{'requests':[{'id':'1','method':'PUT','url':'me/photo/$value','body':'AQID'}]}",
            "{'requests':[{'id':'1','method':'PUT','url':'me/photo/$value','headers':{'Content-Type':'image/jpeg'},'body':{}}]}",
            "{'requests':[{'id':'1','method':'PUT','url':'me/photo/$value','headers':{'Content-Type':'image/jpeg'},'body':'%%%'}]}",
    })
    void malformedBatchesAreRefusedWhole(String json) {
        assertThrows(InvalidRequestException.class, () -> read(json));
    }

    @Test
    void twentyOneRequestsAreRefused() {
        String many = IntStream.rangeClosed(1, 21).mapToObj(i -> get("r" + i, "me")).collect(Collectors.joining(","));
        assertThrows(InvalidRequestException.class, () -> read("{'requests':[" + many + "]}"));
    }
}
