package org.portrait.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portrait.it.Tenant.User;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.it.GraphAssertions.assertJson;
import static org.portrait.it.GraphAssertions.assertStatus;

/**
 * Data survives a restart: runs the real launcher ({@code bin/portrait run}) twice on the same data
 * directory, on the embedded H2 or, in failsafe's PostgreSQL execution, on PostgreSQL. No Arquillian:
 * the launcher is what operators run, so it is what this test starts and stops. Logs of both runs
 * stay in {@code target/restart-it-<time>/}. Both runs also serve HTTPS with the launcher's development certificate.
 */
class RestartIT {

    private static final int HTTPS_PORT = Integer.getInteger("portrait.it.restartHttpsPort", 28083);

    private final LaunchedPortrait server = new LaunchedPortrait().with(Map.of("HTTPS_PORT", String.valueOf(HTTPS_PORT)));
    private final Api api = server.api;

    @Test
    void photosAndOwnersSurviveARestart() throws Exception {
        Path work = Files.createDirectories(server.basedir().resolve("target/restart-it-" + System.currentTimeMillis()));
        Path data = Files.createDirectories(work.resolve("data"));

        server.start(data, work.resolve("run-1.log"));
        Tenant tenant = new Tenant(api);
        User user = tenant.createUser("persistent");
        String photo = "/v1.0/users/" + user.id();
        assertStatus(200, api.put(photo + "/photo/$value", TestImages.jpeg(700, 650, Color.ORANGE), "image/jpeg")
                .bearer(tenant.adminToken()).send());
        Map<String, String> etags = etags(photo, tenant.adminToken());
        assertEquals(9, etags.size(), etags::toString);
        etags.put("700X650", assertJson(api.get(photo + "/photos/700x650").bearer(tenant.adminToken()).send())
                .getString("@odata.mediaEtag"));
        Map<String, byte[]> bytes = bytes(photo, tenant.adminToken(), etags);
        byte[] largest = value(photo + "/photo/$value", tenant.adminToken()).body();
        // A photo link and a delta token of this run, then one more change for the next round.
        String link = assertJson(api.get(photo + "/photo/link").bearer(tenant.adminToken()).send()).getString("url");
        String deltaLink = deltaLink("/v1.0/users/delta", tenant.adminToken());
        User later = tenant.createUser("later");
        byte[] certificate = Files.readAllBytes(data.resolve("tls/dev-server.crt"));
        assertHttpsWith(data.resolve("tls/dev-server.crt"));
        server.stop();

        server.start(data, work.resolve("run-2.log"));
        String token = tenant.adminToken();
        JsonObject reread = assertJson(api.get("/v1.0/users/" + user.upn()).bearer(token).send());
        assertEquals(user.id(), reread.getString("id"));
        Map<String, String> etagsAfter = etags(photo, token);
        etagsAfter.put("700X650", assertJson(api.get(photo + "/photos/700x650").bearer(token).send())
                .getString("@odata.mediaEtag"));
        assertEquals(etags, etagsAfter);
        Map<String, byte[]> bytesAfter = bytes(photo, token, etags);
        for (String size : etags.keySet()) {
            assertArrayEquals(bytes.get(size), bytesAfter.get(size), size + " changed across the restart");
        }
        assertArrayEquals(largest, value(photo + "/photo/$value", token).body());
        // bin/portrait kept the link key in the data directory, and the feed's history is in the database.
        assertArrayEquals(largest, assertStatus(200, api.get(link.substring(link.indexOf("/photo-links/"))).send()).body());
        JsonObject round = assertJson(api.get(api.pathOf(deltaLink)).bearer(token).send());
        assertEquals(1, round.getJsonArray("value").size(), round::toString);
        assertEquals(later.id(), round.getJsonArray("value").getJsonObject(0).getString("id"));
        // The development certificate is made once: a browser that trusts it keeps trusting it.
        assertArrayEquals(certificate, Files.readAllBytes(data.resolve("tls/dev-server.crt")));
        assertHttpsWith(data.resolve("tls/dev-server.crt"));
        server.stop();
    }

    /**
     * bin/portrait serves HTTPS with its development certificate (docs/browsers.md), the only certificate this
     * client trusts, for the name localhost: the Graph JavaScript client sends tokens only to https:// URLs.
     */
    private static void assertHttpsWith(Path certificateFile) throws Exception {
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (var in = Files.newInputStream(certificateFile)) {
            trusted.setCertificateEntry("portrait-dev", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(tls)
                .connectTimeout(java.time.Duration.ofSeconds(10)).build();
        java.net.http.HttpResponse<String> ready = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://localhost:" + HTTPS_PORT + "/health/ready")).timeout(java.time.Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready::body);
        java.net.http.HttpResponse<String> anonymous = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://localhost:" + HTTPS_PORT + "/v1.0/me")).timeout(java.time.Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous::body);
    }

    /** The deltaLink of a whole first round (a new tenant's few users fit on one page). */
    private String deltaLink(String path, String token) {
        JsonObject page = assertJson(api.get(path).bearer(token).send());
        assertTrue(page.containsKey("@odata.deltaLink"), page::toString);
        return page.getString("@odata.deltaLink");
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        server.close();
    }

    private Map<String, String> etags(String ownerPath, String token) {
        return GraphAssertions.photoEtags(api, ownerPath, token);
    }

    private Map<String, byte[]> bytes(String ownerPath, String token, Map<String, String> etags) {
        return GraphAssertions.photoBytes(api, ownerPath, token, etags);
    }

    private Api.Response value(String path, String token) {
        return assertStatus(200, api.get(path).bearer(token).send());
    }
}
