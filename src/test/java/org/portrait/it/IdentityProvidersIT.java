package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.portrait.it.GraphAssertions.assertError;
import static org.portrait.it.GraphAssertions.assertJson;
import static org.portrait.it.GraphAssertions.assertStatus;
import static org.portrait.it.GraphAssertions.assertUnauthorized;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tokens as Microsoft Entra ID and Keycloak issue them, against Portrait started the way operators start
 * it ({@code bin/portrait run}, configured only through environment variables), with a loopback
 * identity provider ({@link IdentityProviderStub}) serving discovery documents and keys Portrait has
 * never seen. Portrait is started while that provider is down. One server for the whole class (on the
 * embedded H2, or on PostgreSQL in failsafe's PostgreSQL execution); logs in
 * {@code target/identity-it-<time>/}.
 * <p>
 * The configuration binds keys to issuers: Entra v1.0 tokens of any tenant
 * ({@code https://sts.windows.net/{tenantid}/}) to the v1.0 JWKS URL; by discovery, the single tenant's
 * v2.0 issuer to its own key set, every other tenant's v2.0 issuer ({@code organizations}) to the common
 * v2.0 keys, and the Keycloak realm to the realm's keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityProvidersIT {

    /** Overridable when two checkouts run their tests at the same time. */
    static final int PORT = Integer.getInteger("portrait.it.identityPort", 28086);
    static final int CLUSTER_PORT = Integer.getInteger("portrait.it.identityClusterPort", 6976);
    /** Short, so that rate limiting and outages can be watched in seconds. */
    static final int REFRESH_INTERVAL_SECONDS = 3;
    static final int CACHE_TTL_SECONDS = 10;

    final IdentityProviderStub idp = new IdentityProviderStub();
    final LaunchedPortrait server = new LaunchedPortrait(PORT, CLUSTER_PORT);
    final Api api = server.api;
    /** Keycloak tokens carry no tid: this run's default tenant. */
    final String keycloakTenant = UUID.randomUUID().toString();
    final byte[] jpeg = TestImages.jpeg(120, 90, Color.MAGENTA);
    /** Key fetches Portrait may have tried while the stub was down are not in its log: none before this. */
    volatile long lastOutageEnd;

    Api.Response readyWhileDown;
    Api.Response refusedWhileDown;
    Duration readyAfterProviderStart;

    @BeforeAll
    void startWhileTheIdentityProviderIsDown() throws Exception {
        Path work = Files.createDirectories(server.basedir().resolve("target/identity-it-" + System.currentTimeMillis()));
        server.with(Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", idp.base + idp.entraV1Keys,
                "MP_JWT_VERIFY_ISSUER", "https://sts.windows.net/{tenantid}/",
                "PORTRAIT_OIDC_ISSUER", idp.discoveryIssuers(),
                "MP_JWT_VERIFY_AUDIENCES", String.join(",", ProviderTokens.APP_ID_URI, ProviderTokens.API_CLIENT_ID, ProviderTokens.KEYCLOAK_CLIENT),
                "PORTRAIT_TOKEN_DEFAULT_TENANT", keycloakTenant,
                "PORTRAIT_TOKEN_ROLE_CLAIMS", "roles,realm_access.roles,resource_access." + ProviderTokens.KEYCLOAK_CLIENT + ".roles",
                "PORTRAIT_JWKS_REFRESH_INTERVAL", String.valueOf(REFRESH_INTERVAL_SECONDS),
                "PORTRAIT_JWKS_CACHE_TTL", String.valueOf(CACHE_TTL_SECONDS)));
        server.startUntilLive(Files.createDirectories(work.resolve("data")), work.resolve("run.log"));

        readyWhileDown = api.get("/health/ready").send();
        refusedWhileDown = api.get("/v1.0/me").bearer(v1Delegated(UUID.randomUUID().toString())).send();
        idp.start();
        Instant started = Instant.now();
        while (!server.ready()) {
            if (Duration.between(started, Instant.now()).toSeconds() > 60) {
                fail("not ready 60 s after the identity provider came up: " + api.get("/health/ready").send());
            }
            Thread.sleep(250);
        }
        readyAfterProviderStart = Duration.between(started, Instant.now());
        lastOutageEnd = System.currentTimeMillis();
    }

    @AfterAll
    void stop() throws InterruptedException {
        server.close();
        idp.close();
    }

    // ================================================================== start-up

    @Test
    void startsWhileTheKeysCannotBeFetchedAndReadinessSaysSo() {
        assertStatus(503, readyWhileDown);
        JsonObject tokenKeys = check(readyWhileDown.json(), "tokenKeys");
        assertEquals("DOWN", tokenKeys.getString("status"), readyWhileDown::toString);
        assertTrue(tokenKeys.getJsonObject("data").getString(idp.base + idp.entraV1Keys).contains("no keys"), readyWhileDown::toString);
        assertEquals("UP", check(readyWhileDown.json(), "database").getString("status"), "only the keys are missing");
        assertUnauthorized(refusedWhileDown);
        assertEquals("Access token signing keys are not available; retry later.", message(refusedWhileDown));
        assertTrue(readyAfterProviderStart.toSeconds() <= 2L * REFRESH_INTERVAL_SECONDS + 10, readyAfterProviderStart::toString);
        System.out.printf("IdentityProvidersIT: ready %d ms after the identity provider came up%n", readyAfterProviderStart.toMillis());
    }

    // ================================================================== the token shapes, each reading and uploading a photo

    @Test
    void entraV2SingleTenantDelegated() {
        String oid = UUID.randomUUID().toString();
        var claims = ProviderTokens.entraV2Delegated(IdentityProviderStub.SINGLE_TENANT, oid, "abe@single.example", "User.ReadWrite");
        ownPhoto("Entra v2.0 single-tenant, delegated", ProviderTokens.mint(idp.tenant.current(), claims), "abe@single.example");
    }

    @Test
    void entraV2MultiTenantDelegatedFromTwoTenants() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        ownPhoto("Entra v2.0 multi-tenant, delegated (tenant 1)", ProviderTokens.mint(idp.entra.current(),
                ProviderTokens.entraV2Delegated(first, UUID.randomUUID().toString(), "ann@first.example", "User.Read ProfilePhoto.ReadWrite.All")),
                "ann@first.example");
        // neither upn nor preferred_username: the user is known by oid alone
        ownPhoto("Entra v2.0 multi-tenant, delegated (tenant 2, no upn/preferred_username)", ProviderTokens.mint(idp.entra.current(),
                ProviderTokens.entraV2Delegated(second, UUID.randomUUID().toString(), null, "User.Read User.ReadWrite")), null);
    }

    @Test
    void entraV2Application() {
        String tenant = UUID.randomUUID().toString();
        usersPhoto("Entra v2.0 multi-tenant, application", tenant, ProviderTokens.mint(idp.entra.current(),
                ProviderTokens.entraV2Application(tenant, UUID.randomUUID().toString(), "User.ReadWrite.All")));
    }

    @Test
    void entraV1Delegated() {
        String tenant = UUID.randomUUID().toString();
        var claims = ProviderTokens.entraV1Delegated(tenant, UUID.randomUUID().toString(), "bob@v1.example", "User.ReadWrite",
                List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString()));
        ownPhoto("Entra v1.0 multi-tenant, delegated", ProviderTokens.mint(idp.entra.current(), claims), "bob@v1.example");
    }

    @Test
    void entraV1Application() {
        String tenant = UUID.randomUUID().toString();
        usersPhoto("Entra v1.0 multi-tenant, application", tenant, ProviderTokens.mint(idp.entra.current(),
                ProviderTokens.entraV1Application(tenant, UUID.randomUUID().toString(), "User.ReadWrite.All")));
    }

    @Test
    void keycloakUserRs256() {
        String user = UUID.randomUUID().toString();
        var claims = ProviderTokens.keycloakUser(idp.keycloakRealm, user, "carol-" + user.substring(0, 6), "openid email profile User.ReadWrite");
        ownPhoto("Keycloak, user, RS256, typ JWT", ProviderTokens.mint(idp.keycloak.current(), claims), "carol-" + user.substring(0, 6));
    }

    @Test
    void keycloakUserEs256AccessTokenType() {
        String user = UUID.randomUUID().toString();
        var claims = ProviderTokens.keycloakUser(idp.keycloakRealm, user, "dave-" + user.substring(0, 6), "openid User.ReadWrite");
        ownPhoto("Keycloak, user, ES256, typ at+jwt",
                ProviderTokens.mint(idp.keycloakEs256, JWSAlgorithm.ES256, "at+jwt", claims), "dave-" + user.substring(0, 6));
    }

    @Test
    void keycloakServiceAccountPs256() {
        usersPhoto("Keycloak, service account (client roles, no sub), PS256", keycloakTenant, ProviderTokens.mint(
                idp.keycloakPs256, JWSAlgorithm.PS256, "JWT", ProviderTokens.keycloakServiceAccount(idp.keycloakRealm, "User.ReadWrite.All")));
    }

    @Test
    void theSchemeNameIsCaseInsensitive() {
        String token = v1Delegated(UUID.randomUUID().toString());
        for (String scheme : List.of("bearer", "BEARER", "bEaReR")) {
            Api.Response me = api.get("/v1.0/me").header("Authorization", scheme + " " + token).send();
            assertStatus(200, me);
            report("Authorization: " + scheme + " <Entra v1.0 token>", me);
        }
    }

    // ================================================================== refusals: each a 401 with Graph error JSON, quietly

    @Test
    void refusals() throws Exception {
        String tenant = UUID.randomUUID().toString();
        String oid = UUID.randomUUID().toString();
        JWK key = idp.entra.current();
        JWK stranger = new RSAKey.Builder((RSAKey) IdentityProviderStub.KeySet.generate(JWSAlgorithm.RS256, "stranger"))
                .keyID("never-published-" + UUID.randomUUID()).build();
        long now = Instant.now().getEpochSecond();
        String good = ProviderTokens.mint(key, v1(tenant, oid));
        String[] parts = good.split("\\.");
        awaitRefreshAllowed(idp.entraV1Keys);
        int fetchesBefore = idp.fetches(idp.entraV1Keys).size();
        long logBefore = Files.size(server.log());

        List<String[]> cases = List.of(
                refused("alg none", Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
                        "Access token is malformed."),
                refused("HS256, the public key as the secret", hmac(key, v1(tenant, oid)),
                        "Access token signing algorithm is not accepted (RS256, RS384, RS512, PS256, ES256 are)."),
                refused("unknown kid, after the one allowed refresh", ProviderTokens.mint(stranger, v1(tenant, oid)),
                        "Access token signing key (kid) is not known."),
                refused("issuer nobody configured", ProviderTokens.mint(key, with(v1(tenant, oid), c -> c.put("iss", "https://idp.evil.example/"))),
                        "Access token issuer (iss) is not accepted."),
                refused("audience of another API (Graph)", ProviderTokens.mint(key, with(v1(tenant, oid), c -> c.put("aud", "https://graph.microsoft.com"))),
                        "Access token audience (aud) is not this service."),
                refused("tid of another tenant than its issuer", ProviderTokens.mint(key, with(v1(tenant, oid), c -> c.put("tid", UUID.randomUUID().toString()))),
                        "Access token tenant (tid) does not match its issuer."),
                refused("expired an hour ago", ProviderTokens.mint(key, with(v1(tenant, oid), c -> {
                    c.put("iat", now - 7200);
                    c.put("nbf", now - 7200);
                    c.put("exp", now - 3600);
                })), "Lifetime validation failed, the token is expired."),
                refused("not valid for another hour (nbf)", ProviderTokens.mint(key, with(v1(tenant, oid), c -> c.put("nbf", now + 3600))),
                        "Lifetime validation failed, the token is not yet valid."),
                refused("malformed", "abc.def.ghi", "Access token is malformed."),
                refused("signature of another token", parts[0] + "." + parts[1] + "." + v1Delegated(tenant).split("\\.")[2],
                        "Access token signature is invalid."),
                refused("oversized (20 KB, validly signed)", ProviderTokens.mint(key, with(v1(tenant, oid), c -> c.put("pad", "x".repeat(20_000)))),
                        "Access token is too large."));
        for (String[] c : cases) {
            Api.Response me = api.get("/v1.0/me/photo/$value").bearer(c[1]).send();
            assertUnauthorized(me);
            assertEquals(c[2], message(me), c[0]);
            report("refused: " + c[0], me);
        }
        assertTrue(idp.fetches(idp.entraV1Keys).size() - fetchesBefore <= 1, "more than one key fetch for one unknown kid");

        Thread.sleep(500); // let the server flush its log
        String added = new String(Files.readAllBytes(server.log()), StandardCharsets.UTF_8).substring((int) logBefore);
        long lines = added.lines().filter(line -> !line.isBlank()).count();
        assertFalse(added.contains("\tat ") || added.contains("Exception"), () -> "stack traces for refused tokens:\n" + added);
        assertTrue(lines <= cases.size(), () -> lines + " log lines for " + cases.size() + " refused tokens:\n" + added);
    }

    /** A key of one identity provider never vouches for a token naming another issuer. */
    @Test
    void keysAreBoundToTheirIssuer() {
        String tenant = UUID.randomUUID().toString();
        String oid = UUID.randomUUID().toString();
        var keycloakClaims = ProviderTokens.keycloakUser(idp.keycloakRealm, oid, "mallory", "openid User.ReadWrite");
        assertKidNotKnown("Keycloak issuer, Entra key", ProviderTokens.mint(idp.entra.current(), keycloakClaims));
        assertKidNotKnown("Entra v1.0 issuer, Keycloak key", ProviderTokens.mint(idp.keycloak.current(), v1(tenant, oid)));
        assertKidNotKnown("single tenant's issuer, the common key", ProviderTokens.mint(idp.entra.current(),
                ProviderTokens.entraV2Delegated(IdentityProviderStub.SINGLE_TENANT, oid, null, "User.Read")));
        assertKidNotKnown("another tenant's issuer, the single tenant's key", ProviderTokens.mint(idp.tenant.current(),
                ProviderTokens.entraV2Delegated(tenant, oid, null, "User.Read")));
    }

    // ================================================================== keys: rollover, outage, rate limit

    @Test
    void keyRollover() throws Exception {
        String tenant = UUID.randomUUID().toString();
        String oid = UUID.randomUUID().toString();
        JWK old = idp.entra.current();
        String beforeRollover = ProviderTokens.mint(old, ProviderTokens.entraV2Delegated(tenant, oid, null, "User.ReadWrite"));
        assertStatus(200, api.get("/v1.0/me").bearer(beforeRollover).send());

        JWK fresh = idp.entra.rotate(); // published next to the old key
        awaitRefreshAllowed(idp.entraV2Keys);
        int fetches = idp.fetches(idp.entraV2Keys).size();
        String afterRollover = ProviderTokens.mint(fresh, ProviderTokens.entraV2Delegated(tenant, oid, null, "User.ReadWrite"));
        report("rollover: token with the new kid", assertStatus(200, api.put("/v1.0/me/photo/$value", jpeg, "image/jpeg").bearer(afterRollover).send()));
        assertEquals(fetches + 1, idp.fetches(idp.entraV2Keys).size(), "the unknown kid should fetch the keys once");
        assertStatus(200, api.get("/v1.0/me").bearer(ProviderTokens.mint(old, ProviderTokens.entraV2Delegated(tenant, oid, null, "User.Read"))).send());

        idp.entra.retire(old);
        awaitRefreshAllowed(idp.entraV2Keys);
        JWK stranger = IdentityProviderStub.KeySet.generate(JWSAlgorithm.RS256, "stranger-" + UUID.randomUUID());
        assertUnauthorized(api.get("/v1.0/me").bearer(ProviderTokens.mint(stranger, ProviderTokens.entraV2Delegated(tenant, oid, null, "User.Read"))).send());
        Api.Response retired = api.get("/v1.0/me").bearer(ProviderTokens.mint(old, ProviderTokens.entraV2Delegated(tenant, oid, null, "User.Read"))).send();
        assertUnauthorized(retired);
        assertEquals("Access token signing key (kid) is not known.", message(retired));
        report("rollover: a new token signed with the retired key", retired);
        // Verified before the key was retired: valid until it expires (the verified-token cache).
        assertStatus(200, api.get("/v1.0/me/photo/$value").bearer(beforeRollover).send());
        assertStatus(200, api.get("/v1.0/me/photo/$value").bearer(afterRollover).send());

        // Leave the v1.0 binding knowing the current key too, for the other tests.
        awaitRefreshAllowed(idp.entraV1Keys);
        assertStatus(200, api.get("/v1.0/me").bearer(v1Delegated(UUID.randomUUID().toString())).send());
    }

    @Test
    void keysFetchedBeforeAnOutageKeepWorking() throws Exception {
        String tenant = UUID.randomUUID().toString();
        assertStatus(200, api.get("/v1.0/me").bearer(v1Delegated(tenant)).send());
        assertStatus(200, api.get("/v1.0/me").bearer(ProviderTokens.mint(idp.entra.current(),
                ProviderTokens.entraV2Delegated(tenant, UUID.randomUUID().toString(), null, "User.Read"))).send());
        idp.stop();
        int accepted = 0;
        try {
            Instant end = Instant.now().plusSeconds(CACHE_TTL_SECONDS + REFRESH_INTERVAL_SECONDS + 2); // past the cache's lifetime
            while (Instant.now().isBefore(end)) {
                assertStatus(200, api.get("/v1.0/me").bearer(v1Delegated(tenant)).send()); // a new token each time: not cached
                assertStatus(200, api.get("/v1.0/me").bearer(ProviderTokens.mint(idp.entra.current(),
                        ProviderTokens.entraV2Delegated(tenant, UUID.randomUUID().toString(), null, "User.Read"))).send());
                accepted += 2;
                Thread.sleep(1000);
            }
            awaitRefreshAllowed(idp.entraV1Keys);
            JWK stranger = IdentityProviderStub.KeySet.generate(JWSAlgorithm.RS256, "stranger-" + UUID.randomUUID());
            assertUnauthorized(api.get("/v1.0/me").bearer(ProviderTokens.mint(stranger, v1(tenant, UUID.randomUUID().toString()))).send());
            Api.Response ready = api.get("/health/ready").send();
            assertStatus(200, ready);
            String detail = check(ready.json(), "tokenKeys").getJsonObject("data").getString(idp.base + idp.entraV1Keys);
            assertTrue(detail.contains("the last fetch failed"), detail);
            System.out.printf("IdentityProvidersIT: identity provider down %d s: %d new tokens accepted with the keys fetched before; readiness: %s%n",
                    CACHE_TTL_SECONDS + REFRESH_INTERVAL_SECONDS + 2, accepted, detail);
        } finally {
            idp.start();
            lastOutageEnd = System.currentTimeMillis();
        }
    }

    @Test
    void unknownKidsFetchTheKeysAtMostOncePerInterval() throws Exception {
        String tenant = UUID.randomUUID().toString();
        RSAKey stranger = (RSAKey) IdentityProviderStub.KeySet.generate(JWSAlgorithm.RS256, "stranger");
        awaitRefreshAllowed(idp.entraV1Keys);
        int before = idp.fetches(idp.entraV1Keys).size();
        long start = System.currentTimeMillis();
        int sent = 0;
        while (System.currentTimeMillis() - start < REFRESH_INTERVAL_SECONDS * 2500L) {
            JWK madeUp = new RSAKey.Builder(stranger).keyID("made-up-" + UUID.randomUUID()).build();
            assertUnauthorized(api.get("/v1.0/me").bearer(ProviderTokens.mint(madeUp, v1(tenant, UUID.randomUUID().toString()))).send());
            sent++;
        }
        long elapsed = System.currentTimeMillis() - start;
        List<Long> fetches = idp.fetches(idp.entraV1Keys);
        List<Long> during = fetches.subList(before, fetches.size());
        System.out.printf("IdentityProvidersIT: %d tokens with unknown kids in %d ms: %d key fetches, at %s ms%n",
                sent, elapsed, during.size(), during.stream().map(t -> t - start).toList());
        assertFalse(during.isEmpty(), "an unknown kid should fetch the keys");
        assertTrue(during.size() <= 1 + elapsed / (REFRESH_INTERVAL_SECONDS * 1000L), () -> during.size() + " fetches in " + elapsed + " ms");
        for (int i = 1; i < during.size(); i++) {
            long gap = during.get(i) - during.get(i - 1);
            // The server decides just before it connects; a busy machine may delay one connection a little.
            assertTrue(gap >= REFRESH_INTERVAL_SECONDS * 1000L - 1000, "fetches " + gap + " ms apart");
        }
        assertTrue(sent >= 10, "only " + sent + " requests in the burst");
    }

    // ================================================================== helpers

    /** Reads /me, uploads and reads back the signed-in user's photo. */
    private void ownPhoto(String shape, String token, String expectedUpn) {
        JsonObject me = assertJson(api.get("/v1.0/me").bearer(token).send());
        if (expectedUpn != null) {
            assertEquals(expectedUpn, me.getString("userPrincipalName", null), me::toString);
        }
        Api.Response upload = assertStatus(200, api.put("/v1.0/me/photo/$value", jpeg, "image/jpeg").bearer(token).send());
        Api.Response read = assertStatus(200, api.get("/v1.0/me/photo/$value").bearer(token).send());
        assertEquals("image/jpeg", read.header("Content-Type").orElse(""), read::toString);
        report(shape + ": PUT /v1.0/me/photo/$value", upload);
        report(shape + ": GET /v1.0/me/photo/$value", read);
    }

    /** An application creates a user of its tenant, uploads its photo and reads it back. */
    private void usersPhoto(String shape, String tenant, String token) {
        String upn = "sync." + UUID.randomUUID().toString().substring(0, 8) + "@t" + tenant.substring(0, 8) + ".example";
        Api.Response created = api.post("/v1.0/users", Api.JSON.createObjectBuilder()
                .add("displayName", "Synced user").add("userPrincipalName", upn).add("mail", upn).build()).bearer(token).send();
        assertStatus(201, created);
        String user = "/v1.0/users/" + created.json().getString("id");
        Api.Response upload = assertStatus(200, api.put(user + "/photo/$value", jpeg, "image/jpeg").bearer(token).send());
        Api.Response read = assertStatus(200, api.get(user + "/photo/$value").bearer(token).send());
        assertError(400, "BadRequest", api.get("/v1.0/me").bearer(token).send()); // an application has no /me
        report(shape + ": POST /v1.0/users", created);
        report(shape + ": PUT /v1.0/users/{id}/photo/$value", upload);
        report(shape + ": GET /v1.0/users/{id}/photo/$value", read);
    }

    private void assertKidNotKnown(String name, String token) {
        Api.Response response = api.get("/v1.0/me").bearer(token).send();
        assertUnauthorized(response);
        assertEquals("Access token signing key (kid) is not known.", message(response), name);
        report("refused: " + name, response);
    }

    /** Waits until Portrait may fetch the key set at {@code path} again (its last fetch an interval ago). */
    private void awaitRefreshAllowed(String path) throws InterruptedException {
        List<Long> fetches = idp.fetches(path);
        long last = Math.max(lastOutageEnd, fetches.isEmpty() ? 0 : fetches.get(fetches.size() - 1));
        long wait = last + REFRESH_INTERVAL_SECONDS * 1000L + 500 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private String v1Delegated(String tenant) {
        return ProviderTokens.mint(idp.entra.current(), v1(tenant, UUID.randomUUID().toString()));
    }

    private static Map<String, Object> v1(String tenant, String oid) {
        return ProviderTokens.entraV1Delegated(tenant, oid, "u." + oid.substring(0, 6) + "@v1.example", "User.ReadWrite", List.of());
    }

    private static Map<String, Object> with(Map<String, Object> claims, Consumer<Map<String, Object>> change) {
        change.accept(claims);
        return claims;
    }

    private static String[] refused(String name, String token, String message) {
        return new String[]{name, token, message};
    }

    /** HS256 with the RSA key's public modulus as the secret: the classic algorithm-confusion attempt. */
    private static String hmac(JWK key, Map<String, Object> claims) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), new Payload(claims));
        jws.sign(new MACSigner(((RSAKey) key).getModulus().decode()));
        return jws.serialize();
    }

    private static String message(Api.Response response) {
        return response.json().getJsonObject("error").getString("message");
    }

    private static JsonObject check(JsonObject health, String name) {
        for (JsonValue check : health.getJsonArray("checks")) {
            if (name.equals(check.asJsonObject().getString("name"))) {
                return check.asJsonObject();
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    /** One line per answer for the closing note: what was sent and what came back. */
    private static void report(String what, Api.Response response) {
        String type = response.header("Content-Type").orElse("");
        String body = type.startsWith("image/") ? type + ", " + response.body().length + " bytes"
                : response.text().length() > 160 ? response.text().substring(0, 160) + "…" : response.text();
        System.out.printf("IdentityProvidersIT | %s -> %d %s%n", what, response.status(), body);
    }
}
