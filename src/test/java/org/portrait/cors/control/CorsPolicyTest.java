package org.portrait.cors.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    @Test
    void noOriginIsAllowedByDefault() {
        for (String configured : new String[] {null, "", " , "}) {
            CorsPolicy policy = CorsPolicy.of(configured);
            assertFalse(policy.enabled());
            assertEquals(Optional.empty(), policy.allowOrigin("https://app.example.com"));
        }
    }

    @Test
    void configuredOriginsAreAllowedAsSent() {
        CorsPolicy policy = CorsPolicy.of("https://App.example.com/, http://localhost:3000");
        assertTrue(policy.enabled());
        assertEquals(Optional.of("https://app.example.com"), policy.allowOrigin("https://app.example.com"));
        assertEquals(Optional.of("http://localhost:3000"), policy.allowOrigin("http://localhost:3000"));
        assertEquals(Optional.empty(), policy.allowOrigin("http://localhost:3001"));
        assertEquals(Optional.empty(), policy.allowOrigin("https://app.example.com.evil.test"));
        assertEquals(Optional.empty(), policy.allowOrigin("null"));
        assertEquals(Optional.empty(), policy.allowOrigin(null));
    }

    @Test
    void aStarAllowsEveryOriginAsAStar() {
        assertEquals(Optional.of("*"), CorsPolicy.of("*").allowOrigin("https://anywhere.example"));
        assertEquals(Optional.empty(), CorsPolicy.of("*").allowOrigin("null"));
    }

    @Test
    void preflightsAllowGraphClientHeadersAndThoseAskedFor() {
        List<String> allowed = List.of(CorsPolicy.allowHeaders("X-Custom, bad header, Authorization").split(", "));
        for (String header : List.of("authorization", "content-type", "client-request-id", "sdkversion",
                "consistencylevel", "if-none-match", "x-custom")) {
            assertTrue(allowed.contains(header), header + " in " + allowed);
        }
        assertFalse(allowed.contains("bad header"));
        assertEquals(allowed.size(), allowed.stream().distinct().count());
    }
}
