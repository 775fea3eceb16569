package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.it.Api.JSON;
import static org.portrait.it.GraphAssertions.assertError;
import static org.portrait.it.GraphAssertions.assertStatus;
import static org.portrait.it.GraphAssertions.assertUnauthorized;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonValue;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portrait.it.Tenant.User;

/**
 * Hostile input against the built WAR on Payara Micro (issue #4): image bodies, tokens, paths and ids,
 * and a storm of uploads and reads on one owner. Each hostile request must get its documented status (docs/api.md §6) with a
 * Graph error (or, for valid images, a clean re-encoding), finish within seconds, leave the previous photo
 * exactly as it was and the server healthy.
 */
@ExtendWith(ArquillianExtension.class)
class HardeningIT {

    /** Generous for a 2-core machine shared with parallel builds; a hostile body that hangs takes minutes. */
    static final Duration HOSTILE_REQUEST_BOUND = Duration.ofSeconds(10);
    static final int MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    URL base;

    private Api api;

    private Api api() {
        if (api == null) {
            api = Api.at(base);
        }
        return api;
    }

    // ================================================================== 1. hostile images

    /** What a hostile body should get: an error status and code, or {@code code == null}: accepted (200). */
    record Expected(int status, String code) {
        static final Expected INVALID_IMAGE = new Expected(400, "InvalidImage");
        static final Expected UNSUPPORTED_TYPE = new Expected(415, "UnsupportedMediaType");
        static final Expected ACCEPTED = new Expected(200, null);

        @Override
        public String toString() {
            return code == null ? "accepted" : status + " " + code;
        }
    }

    private static Arguments image(String name, Supplier<byte[]> body, String contentType, Expected expected) {
        return Arguments.of(name, body, contentType, expected);
    }

    private static Arguments invalid(String name, Supplier<byte[]> body) {
        return image(name, body, "image/jpeg", Expected.INVALID_IMAGE);
    }

    static Stream<Arguments> hostileImages() {
        byte[] jpeg = TestImages.jpeg(120, 100, Color.BLUE);
        byte[] png = TestImages.png(120, 100, Color.BLUE);
        byte[] html = HostileImages.text(HostileImages.HTML);
        String boundary = "----portrait" + UUID.randomUUID();
        return Stream.of(
                // nothing, noise, wrong or bare magic numbers
                invalid("empty body", () -> new byte[0]),
                invalid("one byte", () -> new byte[]{(byte) 0xFF}),
                invalid("20 KB of random bytes", () -> HostileImages.noise(20_000, 1)),
                image("1 MB of random bytes as octet-stream", () -> HostileImages.noise(1 << 20, 2), "application/octet-stream", Expected.INVALID_IMAGE),
                invalid("JPEG SOI only", () -> new byte[]{(byte) 0xFF, (byte) 0xD8}),
                invalid("JPEG magic then random bytes", () -> HostileImages.withMagic(HostileImages.noise(50_000, 3), (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0)),
                invalid("truncated JPEG", () -> Arrays.copyOf(jpeg, jpeg.length / 2)),
                invalid("JPEG headers without scan data", HostileImages::jpegHeadersOnly),
                image("PNG signature only", () -> Arrays.copyOf(png, 8), "image/png", Expected.INVALID_IMAGE),
                image("truncated PNG", () -> Arrays.copyOf(png, png.length / 2), "image/png", Expected.INVALID_IMAGE),
                image("GIF signature only", () -> HostileImages.text("GIF89a"), "image/gif", Expected.INVALID_IMAGE),
                image("BMP signature only", () -> HostileImages.text("BM"), "image/bmp", Expected.INVALID_IMAGE),
                image("WebP RIFF header only", () -> HostileImages.text("RIFF\u0004\0\0\0WEBP"), "image/webp", Expected.INVALID_IMAGE),
                invalid("PNG body behind JPEG magic", () -> HostileImages.withMagic(png, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)),
                image("JPEG body behind PNG magic", () -> HostileImages.withMagic(jpeg, (byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G'), "image/png", Expected.INVALID_IMAGE),
                invalid("TIFF (readable by ImageIO, not accepted)", () -> TestImages.image("tiff", 64, 64, Color.RED)),
                // documents that are not images
                invalid("HTML sent as image/jpeg", () -> html),
                invalid("SVG sent as image/jpeg", () -> HostileImages.text(HostileImages.SVG)),
                image("SVG sent as image/svg+xml", () -> HostileImages.text(HostileImages.SVG), "image/svg+xml", Expected.INVALID_IMAGE),
                invalid("PDF sent as image/jpeg", () -> HostileImages.text(HostileImages.PDF)),
                image("PDF sent as application/pdf", () -> HostileImages.text(HostileImages.PDF), "application/pdf", Expected.UNSUPPORTED_TYPE),
                image("multipart form with a JPEG part", () -> HostileImages.multipart(boundary, jpeg), "multipart/form-data; boundary=" + boundary, Expected.UNSUPPORTED_TYPE),
                invalid("multipart form sent as image/jpeg", () -> HostileImages.multipart(boundary, jpeg)),
                image("JSON with a base64 photo", () -> HostileImages.json(jpeg), "application/json", Expected.UNSUPPORTED_TYPE),
                invalid("JSON with a base64 photo sent as image/jpeg", () -> HostileImages.json(jpeg)),
                invalid("base64 text of a JPEG", () -> Base64.getEncoder().encode(jpeg)),
                // headers declaring huge or zero dimensions
                image("PNG declaring 100000x100000", () -> HostileImages.pngDeclaring(100_000, 100_000), "image/png", Expected.INVALID_IMAGE),
                image("PNG declaring 2147483647x2147483647", () -> HostileImages.pngDeclaring(Integer.MAX_VALUE, Integer.MAX_VALUE), "image/png", Expected.INVALID_IMAGE),
                image("PNG declaring 4294967295x1 (negative as int)", () -> HostileImages.pngDeclaring(-1, 1), "image/png", Expected.INVALID_IMAGE),
                image("PNG declaring 0x64", () -> HostileImages.pngDeclaring(0, 64), "image/png", Expected.INVALID_IMAGE),
                image("PNG declaring 64x0", () -> HostileImages.pngDeclaring(64, 0), "image/png", Expected.INVALID_IMAGE),
                invalid("JPEG declaring 65535x65535", () -> HostileImages.jpegDeclaring(65535, 65535)),
                invalid("JPEG declaring 0x100", () -> HostileImages.jpegDeclaring(0, 100)),
                invalid("JPEG declaring 7000x7000 over 16x16 of data", () -> HostileImages.jpegDeclaring(7000, 7000)),
                image("GIF declaring 65535x65535", () -> HostileImages.gifDeclaring(65535, 65535), "image/gif", Expected.INVALID_IMAGE),
                image("GIF declaring 0x0", () -> HostileImages.gifDeclaring(0, 0), "image/gif", Expected.INVALID_IMAGE),
                image("BMP declaring 100000x100000", () -> HostileImages.bmpDeclaring(100_000, 100_000), "image/bmp", Expected.INVALID_IMAGE),
                image("BMP declaring 0x100", () -> HostileImages.bmpDeclaring(0, 100), "image/bmp", Expected.INVALID_IMAGE),
                image("BMP declaring 7000x7000 over 4x4 of data", () -> HostileImages.bmpDeclaring(7000, 7000), "image/bmp", Expected.INVALID_IMAGE),
                image("WebP (VP8X) declaring 16384x16384", () -> HostileImages.webpVp8xDeclaring(16384, 16384), "image/webp", Expected.INVALID_IMAGE),
                image("WebP (VP8) declaring 16383x16383", () -> HostileImages.webpVp8Declaring(16383, 16383), "image/webp", Expected.INVALID_IMAGE),
                image("WebP (VP8L) declaring 7000x7000 without data", () -> HostileImages.webpVp8lDeclaring(7000, 7000), "image/webp", Expected.INVALID_IMAGE),
                // floods
                invalid("JPEG with 100000 APPn segments", () -> HostileImages.jpegWithAppFlood(100_000)),
                invalid("JPEG with 100000 COM segments", () -> HostileImages.jpegWithCommentFlood(100_000)),
                invalid("progressive JPEG with 100000 extra scans", () -> HostileImages.progressiveScanFlood(2048, 100_000)),
                invalid("progressive 4000x4000 JPEG with 200 extra scans", () -> HostileImages.progressiveScanFlood(4000, 200)),
                // decompression bombs in metadata: metadata is never inflated, the image itself is valid
                image("PNG with a zTXt chunk inflating to 1 GB", () -> HostileImages.pngWithZtxtBomb(1 << 30), "image/png", Expected.ACCEPTED),
                image("PNG with an iCCP profile inflating to 1 GB", () -> HostileImages.pngWithIccpBomb(1 << 30), "image/png", Expected.ACCEPTED),
                image("PNG whose IDAT inflates to 1 GB for 8x8 pixels", () -> HostileImages.pngWithOversizedIdat(1 << 30), "image/png", Expected.ACCEPTED),
                // polyglots: valid images with a script tail; stored re-encoded, without the tail
                invalid("HTML with a JPEG appended", () -> HostileImages.concat(html, jpeg)),
                image("JPEG with an HTML tail", () -> HostileImages.concat(jpeg, html), "image/jpeg", Expected.ACCEPTED),
                image("PNG with an HTML tail", () -> HostileImages.concat(png, html), "image/png", Expected.ACCEPTED),
                image("GIF with a script tail", () -> HostileImages.concat(TestImages.image("gif", 120, 100, Color.BLUE),
                        HostileImages.text("/*<script>alert(1)</script>*/")), "image/gif", Expected.ACCEPTED),
                // the JDK GIF reader pads missing LZW data without a warning: a valid, blank image
                image("GIF declaring 7000x7000 with one LZW block", () -> HostileImages.gifDeclaring(7000, 7000), "image/gif", Expected.ACCEPTED));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("hostileImages")
    void hostileImageBodies(String name, Supplier<byte[]> body, String contentType, Expected expected) {
        Tenant t = new Tenant(api());
        String token = t.delegated(t.unknownUser("hostile"), "User.ReadWrite");
        upload(token, TestImages.jpeg(100, 100, Color.RED));
        Map<String, String> etagsBefore = etags(token);
        Map<String, byte[]> bytesBefore = bytes(token, etagsBefore);
        byte[] data = body.get();

        Instant started = Instant.now();
        Api.Response response = api().put("/v1.0/me/photo/$value", data, contentType).bearer(token).send();
        Duration took = Duration.between(started, Instant.now());

        assertTrue(took.compareTo(HOSTILE_REQUEST_BOUND) < 0, name + " took " + took);
        if (expected.code() != null) {
            assertError(expected.status(), expected.code(), response);
            assertEquals(etagsBefore, etags(token), "the previous photo's ETags changed");
            Map<String, byte[]> bytesAfter = bytes(token, etagsBefore);
            etagsBefore.keySet().forEach(id -> assertArrayEquals(bytesBefore.get(id), bytesAfter.get(id), id + " changed"));
        } else {
            assertStatus(200, response);
            Map<String, String> etagsAfter = etags(token);
            assertFalse(etagsAfter.isEmpty());
            etagsAfter.forEach((id, etag) -> assertNotEquals(etagsBefore.get(id), etag, id + " kept the old ETag"));
            bytes(token, etagsAfter).forEach((id, stored) -> assertCleanJpeg(id, stored));
        }
        assertHealthy();
    }

    /** A bare JPEG: SOI, JFIF only, ends at EOI, no trace of the upload's tail or metadata. */
    private static void assertCleanJpeg(String id, byte[] stored) {
        assertTrue(TestImages.isJpeg(stored), id + " is not a JPEG");
        assertEquals(0xD9, stored[stored.length - 1] & 0xFF, id + " does not end at EOI");
        assertEquals(0xFF, stored[stored.length - 2] & 0xFF, id + " does not end at EOI");
        String latin1 = new String(stored, StandardCharsets.ISO_8859_1);
        for (String trace : List.of("<html", "<script", "alert(", "Comment", "icc")) {
            assertFalse(latin1.contains(trace), id + " carries '" + trace + "' from the upload");
        }
        BufferedImage image = TestImages.decode(stored);
        assertEquals(id, image.getWidth() + "X" + image.getHeight());
    }

    /**
     * A chunked body without Content-Length that never ends: the server must answer 413 once the limit is
     * passed, quickly, and stop reading. What the client managed to send is bounded by the limit plus the
     * socket buffers on both sides (a few MiB on loopback), far below the 256 MiB on offer.
     */
    @Test
    void anEndlessChunkedBodyIsRefusedWithoutReadingIt() {
        Tenant t = new Tenant(api());
        String token = t.delegated(t.unknownUser("endless"), "User.ReadWrite");
        upload(token, TestImages.jpeg(100, 100, Color.RED));
        Map<String, String> before = etags(token);
        byte[] first = TestImages.jpeg(200, 200, Color.GREEN);
        byte[] chunk = HostileImages.noise(64 * 1024, 9);
        long offered = 256L * 1024 * 1024;

        Instant started = Instant.now();
        RawHttp.Answer answer = new RawHttp(api().origin()).streamChunked("PUT", "/v1.0/me/photo/$value", first, chunk,
                offered, "Authorization: Bearer " + token, "Content-Type: image/jpeg");
        Duration took = Duration.between(started, Instant.now());

        assertEquals(413, answer.status(), answer::toString);
        assertTrue(answer.text().contains("\"RequestEntityTooLarge\""), answer::toString);
        assertTrue(took.compareTo(HOSTILE_REQUEST_BOUND) < 0, "413 after " + took);
        assertTrue(answer.bodyBytesSent() < MAX_UPLOAD_BYTES + 32L * 1024 * 1024,
                "the client could send " + answer.bodyBytesSent() + " bytes: the server kept reading");
        System.out.printf("HardeningIT: endless chunked body: 413 after %d ms, %,d bytes sent%n",
                took.toMillis(), answer.bodyBytesSent());
        assertEquals(before, etags(token));
        assertHealthy();
    }

    /** A Content-Length over the limit is refused before the body is read: the client sends none of it. */
    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBody() {
        Tenant t = new Tenant(api());
        String token = t.delegated(t.unknownUser("declared"), "User.ReadWrite");
        Instant started = Instant.now();
        RawHttp.Answer answer = new RawHttp(api().origin()).sendWithLength("PUT", "/v1.0/me/photo/$value",
                1L << 40, new byte[]{(byte) 0xFF, (byte) 0xD8}, "Authorization: Bearer " + token, "Content-Type: image/jpeg");
        assertEquals(413, answer.status(), answer::toString);
        assertTrue(answer.text().contains("\"RequestEntityTooLarge\""), answer::toString);
        assertTrue(Duration.between(started, Instant.now()).compareTo(HOSTILE_REQUEST_BOUND) < 0);
        assertHealthy();
    }

    // ================================================================== 2. hostile tokens

    private static final KeyPair FOREIGN = rsaKeyPair();

    static Stream<Arguments> hostileTokens() throws Exception {
        String tenant = UUID.randomUUID().toString();
        String oid = UUID.randomUUID().toString();
        Supplier<TestTokens.Builder> good = () -> TestTokens.delegated(tenant, oid, "h@hostile.example", "User.ReadWrite");
        String valid = good.get().build();
        JWTClaimsSet claims = SignedJWT.parse(valid).getJWTClaimsSet();
        String[] parts = valid.split("\\.");
        String other = TestTokens.delegated(tenant, oid, "h@hostile.example", "User.Read").build();
        byte[] publicPem = TestTokens.class.getResourceAsStream(TestTokens.PUBLIC_KEY_RESOURCE).readAllBytes();
        byte[] publicDer = Base64.getDecoder().decode(new String(publicPem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        RSAKey foreignJwk = new RSAKey.Builder((RSAPublicKey) FOREIGN.getPublic()).keyID("attacker").build();
        long now = Instant.now().getEpochSecond();
        String payloadWithMoreScopes = Base64URL.encode(parts[1].isEmpty() ? "" : new String(Base64.getUrlDecoder()
                .decode(parts[1]), StandardCharsets.UTF_8).replace("\"User.ReadWrite\"", "\"User.ReadWrite.All\"")).toString();
        return Stream.of(
                token("alg none, no signature", 401, unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", parts[1], "")),
                token("alg none, original signature kept", 401, unsigned("{\"alg\":\"none\"}", parts[1], parts[2])),
                token("alg NONE upper case", 401, unsigned("{\"alg\":\"NONE\",\"typ\":\"JWT\"}", parts[1], "")),
                token("signature and its dot stripped", 401, parts[0] + "." + parts[1]),
                token("HS256 signed with the public key PEM", 401, sign(header(JWSAlgorithm.HS256), new MACSigner(publicPem), claims)),
                token("HS256 signed with the public key DER", 401, sign(header(JWSAlgorithm.HS256), new MACSigner(publicDer), claims)),
                token("foreign key, kid path traversal", 401, sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID("../../../../../../dev/null").build(), foreignSigner(), claims)),
                token("foreign key, kid SQL", 401, sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID("' OR '1'='1").build(), foreignSigner(), claims)),
                token("foreign key, embedded jwk header", 401, sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .jwk(foreignJwk).keyID("attacker").build(), foreignSigner(), claims)),
                token("foreign key, x5u header", 401, sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .x509CertURL(URI.create("http://127.0.0.1:9/cert.pem")).build(), foreignSigner(), claims)),
                token("tampered payload (more scopes), original signature", 401, parts[0] + "." + payloadWithMoreScopes + "." + parts[2]),
                token("another token's signature", 401, parts[0] + "." + parts[1] + "." + other.split("\\.")[2]),
                token("header says RS512, signature is RS256", 401, header(JWSAlgorithm.RS512).toBase64URL() + "." + parts[1] + "." + parts[2]),
                token("expired at the epoch", 401, good.get().claim("exp", 1L).claim("iat", 0L).build()),
                token("not valid for another hour (nbf)", 401, good.get().claim("nbf", now + 3600).build()),
                token("issued in an hour (iat)", 401, good.get().claim("iat", now + 3600).build()),
                token("issuer with a trailing slash", 401, good.get().issuer(TestTokens.ISSUER + "/").build()),
                token("audience look-alike", 401, good.get().audience(TestTokens.AUDIENCE + ".evil").build()),
                token("audience list without ours", 401, good.get().claim("aud", List.of("api://a", "api://b")).build()),
                token("missing exp", 401, good.get().claim("exp", null).build()),
                token("missing aud", 401, good.get().without("aud").build()),
                token("missing iss", 401, good.get().without("iss").build()),
                token("missing tid", 401, good.get().without("tid").build()),
                token("missing oid", 401, good.get().without("oid").build()),
                token("missing jti", 401, good.get().without("jti").build()),
                token("exp as a string", 401, good.get().claim("exp", "tomorrow").build()),
                token("aud as a number", 401, good.get().claim("aud", 42).build()),
                token("tid as an array", 401, good.get().claim("tid", List.of(tenant)).build()),
                token("oid as an object", 401, good.get().claim("oid", Map.of("value", oid)).build()),
                token("nbf as a string", 401, good.get().claim("nbf", "now").build()),
                token("27 KB token signed with a foreign key", 401, good.get().claim("pad", "x".repeat(20_000)).signedWithForeignKey().build()),
                token("empty bearer", 401, ""),
                token("two tokens", 401, valid + " " + valid),
                token("scope look-alike NotUser.Read", 403, TestTokens.delegated(tenant, oid, "h@hostile.example", "NotUser.Read").build()),
                token("scope look-alike User.ReadX", 403, TestTokens.delegated(tenant, oid, "h@hostile.example", "User.ReadX").build()),
                token("scopes joined by commas", 403, TestTokens.delegated(tenant, oid, "h@hostile.example", "User.Read,User.ReadWrite").build()),
                token("scope as a number", 403, good.get().claim("scp", 7).build()));
    }

    private static Arguments token(String name, int status, String token) {
        return Arguments.of(name, status, token);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileTokens")
    void hostileTokens(String name, int status, String token) {
        Api.Response read = api().get("/v1.0/me/photo").bearer(token).send();
        Api.Response write = api().put("/v1.0/me/photo/$value", TestImages.jpeg(60, 60), "image/jpeg").bearer(token).send();
        if (status == 401) {
            assertUnauthorized(read);
            assertUnauthorized(write);
        } else {
            assertError(403, "ErrorAccessDenied", read);
            assertError(403, "ErrorAccessDenied", write);
        }
        assertHealthy();
    }

    /** An application token whose roles only look like Graph's gets nothing. */
    @Test
    void roleLookAlikesAreForbidden() {
        Tenant t = new Tenant(api());
        User user = t.createUser("target");
        for (String role : List.of("User.Read.AllX", "XUser.Read.All", "user.read.all ", "User.Read.All,ProfilePhoto.ReadWrite.All")) {
            String token = t.app(role);
            assertError(403, "ErrorAccessDenied", api().get("/v1.0/users/" + user.id() + "/photo").bearer(token).send());
        }
    }

    /** A jku header must not make the server fetch keys from where the token says. */
    @Test
    void aJkuHeaderIsNeitherTrustedNorFetched() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] set = new JWKSet(new RSAKey.Builder((RSAPublicKey) FOREIGN.getPublic()).keyID("attacker").build())
                .toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, set.length);
            exchange.getResponseBody().write(set);
            exchange.close();
        });
        jwks.start();
        try {
            String url = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/keys";
            JWTClaimsSet claims = SignedJWT.parse(TestTokens.delegated(UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(), "jku@hostile.example", "User.ReadWrite").build()).getJWTClaimsSet();
            String token = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).jwkURL(URI.create(url)).keyID("attacker")
                    .type(JOSEObjectType.JWT).build(), foreignSigner(), claims);
            assertUnauthorized(api().get("/v1.0/me/photo").bearer(token).send());
            assertEquals(0, fetches.get(), "the server fetched the token's jku");
        } finally {
            jwks.stop(0);
        }
    }

    /** Over the 32 KiB request-header limit, Grizzly answers a bare 400 before Portrait (documented quirk). */
    @Test
    void tokensOverTheHeaderLimitGetTheContainersBare400() {
        String token = TestTokens.delegated(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "big@hostile.example",
                "User.ReadWrite").claim("pad", "x".repeat(40_000)).build();
        Api.Response response = api().get("/v1.0/me/photo").bearer(token).send();
        assertEquals(400, response.status(), response::toString);
        assertFalse(response.text().contains("Exception"), response::toString);
        assertHealthy();
    }

    private static String unsigned(String headerJson, String payload, String signature) {
        return Base64URL.encode(headerJson).toString() + "." + payload + "." + signature;
    }

    private static JWSHeader header(JWSAlgorithm algorithm) {
        return new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build();
    }

    private static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWSSigner foreignSigner() {
        return new RSASSASigner(FOREIGN.getPrivate());
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ================================================================== 3. paths and ids

    static Stream<Arguments> abusivePaths() {
        String longId = "a".repeat(4000);
        return Stream.of(
                Arguments.of("SQL in a user id", "/v1.0/users/%27%20OR%20%271%27%3D%271/photo", 404),
                Arguments.of("SQL statement in a user id", "/v1.0/users/1%3BDROP%20TABLE%20owners--/photo/$value", 404),
                Arguments.of("SQL in a group id", "/v1.0/groups/%27%29%20UNION%20SELECT%201--/photo", 404),
                Arguments.of("SQL in a contact id", "/v1.0/me/contacts/%27%20OR%201%3D1--/photo", 404),
                Arguments.of("encoded traversal", "/v1.0/users/..%2F..%2Fetc%2Fpasswd/photo", 404),
                Arguments.of("encoded dots", "/v1.0/users/%2e%2e/photo", 404),
                Arguments.of("plain dots", "/v1.0/users/../photo", 404),
                Arguments.of("double-encoded traversal", "/v1.0/users/%252e%252e%252f/photo", 404),
                Arguments.of("encoded slash in an id", "/v1.0/users/a%2Fb/photo/$value", 404),
                Arguments.of("4000-character id", "/v1.0/users/" + longId + "/photo", 404),
                Arguments.of("4000-character group id", "/v1.0/groups/" + longId + "/photos", 404),
                Arguments.of("right-to-left override", "/v1.0/users/%E2%80%AE/photo", 404),
                Arguments.of("emoji", "/v1.0/users/%F0%9F%98%80/photo", 404),
                Arguments.of("line feed", "/v1.0/users/a%0Ab/photo", 404),
                Arguments.of("space", "/v1.0/users/%20/photo", 404),
                Arguments.of("matrix parameter", "/v1.0/users/x;a=b/photo", 404),
                Arguments.of("empty segments", "/v1.0//users//x/photo", 404),
                Arguments.of("traversal as a size", "/v1.0/me/photos/..%2F..%2F/$value", 400),
                Arguments.of("huge size", "/v1.0/me/photos/99999999999x99999999999", 400),
                Arguments.of("negative size", "/v1.0/me/photos/-1x-1/$value", 400),
                Arguments.of("SQL in a size", "/v1.0/me/photos/48x48%27%20OR%201=1/$value", 400),
                Arguments.of("SQL in $select", "/v1.0/me/photo?$select=id%27%20OR%201=1", 400),
                Arguments.of("script in $select", "/v1.0/me/photo?$select=%3Cscript%3E", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("abusivePaths")
    void abusivePathsAreGraphErrors(String name, String path, int status) {
        Tenant t = new Tenant(api());
        Api.Response response = api().get(path).bearer(t.adminToken()).send();
        assertError(status, status == 404 ? "Request_ResourceNotFound" : "BadRequest", response);
        Api.Response upload = api().put(path.replaceAll("\\?.*", ""), TestImages.jpeg(60, 60), "image/jpeg").bearer(t.adminToken()).send();
        assertTrue(upload.status() >= 400 && upload.status() < 500, upload::toString);
        GraphAssertions.assertJsonContentType(upload);
    }

    static Stream<Arguments> abusiveIds() {
        return Stream.of(
                Arguments.of("traversal", "../../etc/passwd"),
                Arguments.of("SQL", "' OR '1'='1"),
                Arguments.of("129 characters", "a".repeat(129)),
                Arguments.of("NUL", "a\u0000b"),
                Arguments.of("emoji", "\uD83D\uDE00"),
                Arguments.of("percent-encoded", "a%2Fb"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("abusiveIds")
    void abusiveIdsAreRefusedOnCreation(String name, String id) {
        Tenant t = new Tenant(api());
        Api.Response created = api().post("/v1.0/users", JSON.createObjectBuilder().add("id", id)
                .add("displayName", "abusive").add("userPrincipalName", "abusive@" + t.domain()).build())
                .bearer(t.adminToken()).send();
        assertError(400, "Request_BadRequest", created);
    }

    // ================================================================== 4. the front door

    /*
     * Requests Payara Micro answers itself, before any filter, servlet or error page of the WAR: neither the
     * error pages in web.xml nor a server setting reach them (docs/hardening.md, "What the server answers before
     * Portrait", says where in Payara each comes from). Each case is asserted exactly as it is, so that a Payara
     * upgrade that changes one is noticed; none carries the request-id Portrait puts on every answer.
     */

    static Stream<Arguments> brokenEscapes() {
        return Stream.of(
                Arguments.of("%ZZ", "/v1.0/users/%ZZ/photo"),
                Arguments.of("%%3", "/v1.0/users/%%3/photo"),
                Arguments.of("one hex digit", "/v1.0/users/x%2/photo"),
                Arguments.of("% at the end", "/v1.0/me/photo/$value%"));
    }

    /** Grizzly's decoder throws, Payara logs it and answers nothing: an empty 200 (docs/hardening.md). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEscapes")
    void aBrokenEscapeGetsTheContainersEmpty200(String name, String path) {
        Tenant t = new Tenant(api());
        RawHttp.Answer answer = new RawHttp(api().origin()).send("GET", path, "Authorization: Bearer " + t.adminToken());
        assertContainersAnswer(200, answer);
        assertHealthy();
    }

    /** The worst of it: an upload to such a path gets 200, and nothing was stored. */
    @Test
    void aBrokenEscapeInAnUploadStoresNothing() {
        Tenant t = new Tenant(api());
        User user = t.createUser("escape");
        RawHttp raw = new RawHttp(api().origin());
        byte[] jpeg = TestImages.jpeg(60, 60, Color.RED);
        for (String path : List.of("/v1.0/users/" + user.id() + "%ZZ/photo/$value", "/v1.0/users/" + user.id() + "/photo/$value%ZZ")) {
            RawHttp.Answer answer = raw.sendWithLength("PUT", path, jpeg.length, jpeg,
                    "Authorization: Bearer " + t.adminToken(), "Content-Type: image/jpeg");
            assertContainersAnswer(200, answer);
        }
        assertError(404, "ImageNotFound", api().get("/v1.0/users/" + user.id() + "/photo/$value").bearer(t.adminToken()).send());
        assertHealthy();
    }

    static Stream<Arguments> refusedEscapes() {
        return Stream.of(
                Arguments.of("%00 in an id", "/v1.0/users/%00/photo"),
                Arguments.of("%00 in a size", "/v1.0/me/photos/48x48%00/$value"),
                Arguments.of("overlong UTF-8", "/v1.0/users/%C0%AE/photo"),
                Arguments.of("invalid UTF-8", "/v1.0/users/%FF%FE/photo"),
                Arguments.of("encoded backslash", "/v1.0/users/a%5Cb/photo"));
    }

    /** Decoded and normalised by Payara before mapping: refused with a bare 400. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedEscapes")
    void aRefusedEscapeGetsTheContainersBare400(String name, String path) {
        Tenant t = new Tenant(api());
        RawHttp.Answer answer = new RawHttp(api().origin()).send("GET", path, "Authorization: Bearer " + t.adminToken());
        assertContainersAnswer(400, answer);
        assertHealthy();
    }

    /** Over the 32 KiB request-header limit (server-config/pre-boot-commands.asadmin): Grizzly's bare 400. */
    @Test
    void requestHeadersOver32KiBGetTheContainersBare400() {
        RawHttp.Answer answer = new RawHttp(api().origin()).send("GET", "/v1.0/me/photo", "X-Padding: " + "x".repeat(33_000));
        assertContainersAnswer(400, answer);
        assertHealthy();
    }

    /** The request line counts against the same 32 KiB. */
    @Test
    void aRequestLineOver32KiBGetsTheContainersBare400() {
        RawHttp.Answer answer = new RawHttp(api().origin()).send("GET", "/v1.0/users/" + "a".repeat(40_000) + "/photo");
        assertContainersAnswer(400, answer);
        assertHealthy();
    }

    /** More than 100 request headers (Grizzly's max-request-headers). */
    @Test
    void moreThan100HeadersGetTheContainersBare400() {
        String[] headers = new String[120];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = "X-Header-" + i + ": v";
        }
        RawHttp.Answer answer = new RawHttp(api().origin()).send("GET", "/v1.0/me/photo", headers);
        assertContainersAnswer(400, answer);
        assertHealthy();
    }

    static Stream<Arguments> lengthAndChunked() {
        return Stream.of(
                Arguments.of("GET", List.of("Content-Length: 5", "Transfer-Encoding: chunked")),
                Arguments.of("PUT", List.of("Transfer-Encoding: chunked", "Content-Length: 5")));
    }

    /**
     * Content-Length and Transfer-Encoding together (request smuggling): refused before any body is read. A PUT
     * naming Content-Length first is read as chunked instead (docs/hardening.md), so it is not a case here.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lengthAndChunked")
    void contentLengthWithTransferEncodingGetsTheContainersBare400(String method, List<String> framing) {
        Tenant t = new Tenant(api());
        RawHttp.Answer answer = new RawHttp(api().origin()).send(method, "/v1.0/me/photo/$value", "Authorization: Bearer " + t.adminToken(),
                "Content-Type: image/jpeg", framing.get(0), framing.get(1));
        assertContainersAnswer(400, answer);
        assertHealthy();
    }

    static Stream<Arguments> unknownVersions() {
        return Stream.of(
                Arguments.of("HTTP/9.9", "GET /v1.0/me/photo HTTP/9.9"),
                Arguments.of("not HTTP", "GET /v1.0/me/photo FOO/1.1"),
                Arguments.of("a space in the target", "GET /v1.0/users/a b/photo HTTP/1.1"));
    }

    /** A request line whose third word is not HTTP/1.0 or HTTP/1.1: Grizzly's bare 505. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownVersions")
    void anUnknownVersionGetsTheContainersBare505(String name, String requestLine) {
        RawHttp raw = new RawHttp(api().origin());
        RawHttp.Answer answer = raw.sendRaw(requestLine + "\r\n" + raw.hostHeader() + "\r\nConnection: close\r\n\r\n", new byte[0]);
        assertContainersAnswer(505, answer);
        assertHealthy();
    }

    /**
     * A request line without a space is still a method being read to Grizzly: no answer while it is short (the
     * connection stays open until it idles out, nothing reaches Portrait), a bare 400 once it passes 32 KiB.
     */
    @Test
    void aRequestLineWithoutSpacesGetsNoAnswerThenTheContainersBare400() throws Exception {
        URI origin = URI.create(api().origin());
        try (java.net.Socket socket = new java.net.Socket(origin.getHost(), origin.getPort())) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThrows(java.net.SocketTimeoutException.class, () -> socket.getInputStream().read(), "an answer to GARBAGE");
        }
        RawHttp raw = new RawHttp(api().origin());
        RawHttp.Answer answer = raw.sendRaw("GARBAGE" + "A".repeat(33_000) + "\r\n\r\n", new byte[0]);
        assertContainersAnswer(400, answer);
        assertHealthy();
    }

    /** Payara refuses TRACE itself and echoes nothing. */
    @Test
    void traceGetsTheContainersBare405() {
        Tenant t = new Tenant(api());
        RawHttp.Answer answer = new RawHttp(api().origin()).send("TRACE", "/v1.0/me/photo", "Authorization: Bearer " + t.adminToken());
        assertContainersAnswer(405, answer);
        assertHealthy();
    }

    /** An answer of the container's own: the status, no request-id (Portrait never saw it), an empty body. */
    private static void assertContainersAnswer(int status, RawHttp.Answer answer) {
        assertEquals(status, answer.status(), answer::toString);
        assertNull(answer.header("request-id"), () -> "the request reached Portrait: " + answer);
        assertEquals(0, answer.body().length, () -> "not the container's bare answer: " + answer);
    }

    // ================================================================== 5. concurrency on one owner

    /**
     * Eight uploaders (two uploads each, a distinct colour per upload) and eight readers on one owner at
     * once. No 5xx but a well-formed 503 (decode slots full); every $value read is a complete JPEG of one
     * upload whose ETag always names the same bytes; afterwards every size comes from one upload.
     */
    @Test
    void parallelUploadsAndReadsOnOneOwner() throws Exception {
        Tenant t = new Tenant(api());
        String token = t.delegated(t.unknownUser("storm"), "User.ReadWrite");
        upload(token, TestImages.jpeg(700, 660, Color.BLACK));
        List<Color> colours = new ArrayList<>();
        for (int i = 0; i < 16; i++) { // hues 22.5 degrees apart: far beyond JPEG's colour error
            colours.add(Color.getHSBColor(i / 16f, 1f, i % 2 == 0 ? 1f : 0.6f));
        }
        colours.add(Color.BLACK);
        Map<String, String> bytesOfEtag = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicBoolean uploading = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> uploaders = new ArrayList<>();
            for (int u = 0; u < 8; u++) {
                int first = u * 2;
                uploaders.add(pool.submit(() -> {
                    start.await();
                    for (int i = first; i < first + 2; i++) {
                        Api.Response r = api().put("/v1.0/me/photo/$value", TestImages.jpeg(700, 660, colours.get(i)), "image/jpeg")
                                .bearer(token).send();
                        if (r.status() == 503) {
                            busy.incrementAndGet();
                            assertError(503, "ServiceUnavailable", r);
                            assertTrue(r.header("Retry-After").isPresent(), r::toString);
                        } else if (r.status() != 200) {
                            failures.add("upload: " + r);
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    while (uploading.get()) {
                        read(token, colours, bytesOfEtag, failures);
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> uploader : uploaders) {
                uploader.get(5, TimeUnit.MINUTES);
            }
            uploading.set(false);
            for (Future<?> reader : readers) {
                reader.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("HardeningIT: storm: %d read rounds, %d uploads refused as busy, %d ETags seen%n",
                reads.get(), busy.get(), bytesOfEtag.size());
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
        assertTrue(reads.get() > 8, "the readers hardly ran: " + reads.get());

        Map<String, String> etags = etags(token);
        assertEquals(BuiltWar.HD.length, etags.size(), etags::toString);
        Map<String, byte[]> stored = bytes(token, etags);
        stored.put("700X660", assertStatus(200, api().get("/v1.0/me/photos/700x660/$value").bearer(token).send()).body());
        Color winner = TestImages.colourOf(stored.get("48X48"), colours);
        assertTrue(winner != null, "48X48 is none of the uploads");
        stored.forEach((id, jpeg) -> assertEquals(winner, TestImages.colourOf(jpeg, colours), id + " comes from another upload"));
    }

    /** One reader round: the list, then every listed size's bytes, each a whole JPEG of one upload. */
    private void read(String token, List<Color> colours, Map<String, String> bytesOfEtag, ConcurrentLinkedQueue<String> failures) {
        Api.Response list = api().get("/v1.0/me/photos").bearer(token).send();
        if (list.status() != 200) {
            failures.add("list: " + list);
            return;
        }
        for (JsonValue entry : list.json().getJsonArray("value")) {
            String id = entry.asJsonObject().getString("id");
            Api.Response value = api().get("/v1.0/me/photos/" + id.toLowerCase() + "/$value").bearer(token).send();
            if (value.status() != 200) {
                failures.add(id + ": " + value);
                continue;
            }
            String etag = value.header("ETag").orElse("");
            String digest = TestImages.sha256Hex(value.body());
            String earlier = bytesOfEtag.putIfAbsent(etag, digest);
            if (earlier != null && !earlier.equals(digest)) {
                failures.add(id + ": ETag " + etag + " named other bytes before");
            }
            if (TestImages.colourOf(value.body(), colours) == null) {
                failures.add(id + ": bytes of no upload (mixed or partial)");
            }
        }
    }

    // ================================================================== helpers

    private void upload(String token, byte[] image) {
        assertStatus(200, api().put("/v1.0/me/photo/$value", image, "image/jpeg").bearer(token).send());
    }

    private Map<String, String> etags(String token) {
        return GraphAssertions.photoEtags(api(), "/v1.0/me", token);
    }

    /** Bytes of every size in {@code etags}, each checked to be served with that ETag. */
    private Map<String, byte[]> bytes(String token, Map<String, String> etags) {
        return GraphAssertions.photoBytes(api(), "/v1.0/me", token, etags);
    }

    private void assertHealthy() {
        Api.Response live = api().get("/health/live").send();
        assertEquals(200, live.status(), live::toString);
    }

}
