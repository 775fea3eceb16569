package org.portrait.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portrait.security.entity.TokenPrincipal;

/**
 * The verifier without a server: algorithms, header type, lifetime at the clock-skew edges, audience,
 * token id, issuers and their tenants, key binding, the verified-token cache. Keys are made per run.
 */
class TokenVerifierTest {

    static final String ISSUER = "https://login.microsoftonline.com/{tenantid}/v2.0";
    static final String KEYCLOAK = "https://keycloak.example/realms/corp";
    static final String AUDIENCE = "api://portrait-unit";
    static final String TENANT = "2b7e1c6a-0c44-4c5b-9f6e-7c1d2e3f4a5b";
    static final long NOW = 1_900_000_000L;

    static final RSAKey RSA = rsa("rsa-1");
    static final RSAKey OTHER_RSA = rsa("rsa-1"); // same kid, another key
    static final ECKey EC = ec(Curve.P_256, "ec-1");

    final MutableClock clock = new MutableClock(NOW);

    TokenVerifier cut = verifier(Map.of());

    TokenVerifier verifier(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put(TokenSettings.PUBLIC_KEY, new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString());
        config.put(TokenSettings.ISSUER, ISSUER + "," + KEYCLOAK);
        config.put(TokenSettings.AUDIENCES, AUDIENCE + ",00000000-0000-0000-0000-0000000000aa");
        config.put(TokenSettings.DEFAULT_TENANT, "keycloak-tenant");
        config.putAll(extra);
        return new TokenVerifier(TokenSettings.from(name -> Optional.ofNullable(config.get(name))), clock);
    }

    // ------------------------------------------------------------------ algorithms and header

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RS256", "RS384", "RS512", "PS256", "ES256"})
    void theAllowedAlgorithmsAreAccepted(String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        JWSSigner signer = alg.equals(JWSAlgorithm.ES256) ? ecSigner(EC) : rsaSigner(RSA);
        String kid = alg.equals(JWSAlgorithm.ES256) ? EC.getKeyID() : RSA.getKeyID();
        Caller caller = cut.verify(sign(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), signer, entra())).caller();
        assertEquals(TENANT, caller.tenantId());
    }

    @Test
    void noneHmacAndOtherAlgorithmsAreRefused() throws Exception {
        String none = new PlainJWT(entra().build()).serialize();
        assertRefused("Access token is malformed.", none);
        String hmac = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), new MACSigner(new byte[32]), entra());
        assertRefused("Access token signing algorithm is not accepted (RS256, RS384, RS512, PS256, ES256 are).", hmac);
        ECKey p384 = ec(Curve.P_384, "ec-384");
        assertRefused("Access token signing algorithm is not accepted (RS256, RS384, RS512, PS256, ES256 are).",
                sign(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(p384.getKeyID()).build(), ecSigner(p384), entra()));
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"NONE\"}".getBytes());
        assertRefused("Access token signing algorithm is not accepted (RS256, RS384, RS512, PS256, ES256 are).",
                header + "." + token(entra()).split("\\.")[1] + "." + token(entra()).split("\\.")[2]);
    }

    @Test
    void aSignatureByAnotherKeyWithTheSameKidIsRefused() {
        assertRefused("Access token signature is invalid.",
                sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), rsaSigner(OTHER_RSA), entra()));
    }

    @Test
    void aKeyIdOfNoConfiguredKeyIsRefused() {
        assertRefused("Access token signing key (kid) is not known.",
                sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-2").build(), rsaSigner(RSA), entra()));
    }

    @ParameterizedTest(name = "typ {0}")
    @CsvSource(nullValues = "absent", value = {"JWT", "at+jwt", "application/at+jwt", "jwt", "absent"})
    void jwtAndAccessTokenTypesAreAccepted(String type) {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1");
        if (type != null) {
            header.type(new JOSEObjectType(type));
        }
        cut.verify(sign(header.build(), rsaSigner(RSA), entra()));
    }

    @Test
    void otherTypesAreRefused() {
        assertRefused("Access token type (typ) is not accepted.", sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("rsa-1").type(new JOSEObjectType("dpop+jwt")).build(), rsaSigner(RSA), entra()));
    }

    // ------------------------------------------------------------------ lifetime (60 s skew)

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            expired a minute ago, within the skew     | -59   |       |       | accepted
            expired a minute and a second ago         | -60   |       |       | Lifetime validation failed, the token is expired.
            nbf a minute ahead, within the skew       | 3600  | 60    |       | accepted
            nbf a minute and a second ahead           | 3600  | 61    |       | Lifetime validation failed, the token is not yet valid.
            iat an hour ahead                         | 7200  |       | 3600  | Lifetime validation failed, the token is not yet valid.
            iat a minute ahead                        | 3600  |       | 60    | accepted
            """)
    void lifetimeIsCheckedWithTheClockSkew(String name, long exp, Long nbf, Long iat, String expected) {
        JWTClaimsSet.Builder claims = entra().expirationTime(at(NOW + exp)).notBeforeTime(nbf == null ? null : at(NOW + nbf))
                .issueTime(iat == null ? null : at(NOW + iat));
        assertOutcome(expected, token(claims));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        assertRefused("Access token has no expiry (exp).", token(entra().expirationTime(null)));
    }

    @Test
    void theSkewIsConfigurable() {
        TokenVerifier strict = verifier(Map.of(TokenSettings.CLOCK_SKEW, "0"));
        String token = token(entra().expirationTime(at(NOW)));
        assertThrows(UnauthenticatedException.class, () -> strict.verify(token));
        cut.verify(token);
    }

    // ------------------------------------------------------------------ audience, token id, issuer

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            our audience                | api://portrait-unit                              | accepted
            our client id               | 00000000-0000-0000-0000-0000000000aa             | accepted
            a list with ours            | api://other,api://portrait-unit                  | accepted
            a look-alike                | api://portrait-unit.evil                         | Access token audience (aud) is not this service.
            a list without ours         | api://a,api://b                                  | Access token audience (aud) is not this service.
            """)
    void theAudienceMustBeOurs(String name, String audience, String expected) {
        assertOutcome(expected, token(entra().audience(List.of(audience.split(",")))));
    }

    @Test
    void aTokenIdIsRequiredJtiOrEntrasUti() {
        assertRefused("Access token has no token id (jti or uti).", token(entra().claim("uti", null)));
        assertRefused("Access token has no token id (jti or uti).", token(entra().claim("uti", " ")));
        cut.verify(token(entra().claim("uti", null).jwtID("j-1")));
        cut.verify(token(entra()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the tenant's issuer                | https://login.microsoftonline.com/2b7e1c6a-0c44-4c5b-9f6e-7c1d2e3f4a5b/v2.0  | accepted
            another tenant's issuer, its tid   | https://login.microsoftonline.com/0d1e2f3a-0000-4000-8000-000000000001/v2.0  | Access token tenant (tid) does not match its issuer.
            a trailing slash                   | https://login.microsoftonline.com/2b7e1c6a-0c44-4c5b-9f6e-7c1d2e3f4a5b/v2.0/ | Access token issuer (iss) is not accepted.
            a path in the tenant's place       | https://login.microsoftonline.com/a/b/v2.0                                   | Access token issuer (iss) is not accepted.
            an unknown issuer                  | https://evil.example/v2.0                                                    | Access token issuer (iss) is not accepted.
            """)
    void theIssuerMustBeConfigured(String name, String issuer, String expected) {
        assertOutcome(expected, token(entra().issuer(issuer)));
    }

    @Test
    void aKeycloakTokenGetsTheDefaultTenant() {
        JWTClaimsSet.Builder keycloak = new JWTClaimsSet.Builder().issuer(KEYCLOAK).audience(List.of(AUDIENCE, "account"))
                .subject("5f1c7a4e-1b2c-4d3e-8f90-0a1b2c3d4e5f").jwtID("onrtac:1").expirationTime(at(NOW + 300)).issueTime(at(NOW))
                .claim("typ", "Bearer").claim("scope", "openid User.ReadWrite")
                .claim("realm_access", Map.of("roles", List.of("offline_access")));
        Caller caller = cut.verify(sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1")
                .type(new JOSEObjectType("at+jwt")).build(), ecSigner(EC), keycloak)).caller();
        assertEquals("keycloak-tenant", caller.tenantId());
        assertEquals("5f1c7a4e-1b2c-4d3e-8f90-0a1b2c3d4e5f", caller.objectId());
        assertTrue(caller.scopes().contains("User.ReadWrite"));
    }

    @Test
    void aTokenOverTheLengthLimitIsRefusedBeforeParsing() {
        TokenVerifier small = verifier(Map.of(TokenSettings.MAX_LENGTH, "2048"));
        String big = token(entra().claim("pad", "x".repeat(2000)));
        assertEquals("Access token is too large.", assertThrows(UnauthenticatedException.class, () -> small.verify(big)).getMessage());
        cut.verify(big);
    }

    // ------------------------------------------------------------------ keys from a PEM file

    @Test
    void aPemKeyVerifiesTokensWhateverTheirKid(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("public.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        TokenVerifier fromPem = new TokenVerifier(TokenSettings.from(name -> Optional.ofNullable(Map.of(
                TokenSettings.PUBLIC_KEY_LOCATION, pem.toUri().toString(),
                TokenSettings.ISSUER, "portrait-dev",
                TokenSettings.AUDIENCES, AUDIENCE).get(name))), clock);
        JWTClaimsSet.Builder dev = entra().issuer("portrait-dev");
        fromPem.verify(sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("any-thumbprint").build(), rsaSigner(RSA), dev));
        fromPem.verify(sign(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), rsaSigner(RSA), dev));
        assertEquals("Access token signature is invalid.", assertThrows(UnauthenticatedException.class, () -> fromPem.verify(
                sign(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), rsaSigner(OTHER_RSA), dev))).getMessage());
        assertEquals(List.of(), fromPem.keyStatus(), "keys read at start-up have no state to report");
    }

    // ------------------------------------------------------------------ the verified-token cache

    @Test
    void aRepeatedTokenIsVerifiedOnceAndServedFromTheCacheUntilItExpires() {
        String token = token(entra().expirationTime(at(NOW + 120)));
        VerifiedToken first = cut.verify(token);
        assertSame(first, cut.verify(token), "the second request verified the token again");
        clock.now = NOW + 179;
        assertSame(first, cut.verify(token));
        clock.now = NOW + 180; // exp + skew
        assertRefused("Lifetime validation failed, the token is expired.", token);
        assertEquals(0, cut.cachedTokens(), "the expired token stayed in the cache");
        clock.now = NOW;
        assertNotSame(first, cut.verify(token), "an expired entry must not come back");
    }

    @Test
    void aTokenNotYetValidIsNotCached() {
        String token = token(entra().notBeforeTime(at(NOW + 600)));
        assertRefused("Lifetime validation failed, the token is not yet valid.", token);
        assertEquals(0, cut.cachedTokens());
        clock.now = NOW + 600;
        cut.verify(token);
        assertEquals(1, cut.cachedTokens());
    }

    @Test
    void theCacheIsBounded() {
        TokenVerifier small = verifier(Map.of(TokenSettings.CACHE_SIZE, "5"));
        for (int i = 0; i < 40; i++) {
            small.verify(token(entra().claim("n", i)));
            assertTrue(small.cachedTokens() <= 5, () -> small.cachedTokens() + " tokens cached");
        }
    }

    @Test
    void theCacheCanBeOff() {
        TokenVerifier uncached = verifier(Map.of(TokenSettings.CACHE_SIZE, "0"));
        String token = token(entra());
        assertNotSame(uncached.verify(token), uncached.verify(token));
    }

    @Test
    void theTokenIsTheRequestsMicroProfileJwt() {
        String token = token(entra().claim("groups", List.of("g-1")));
        TokenPrincipal principal = cut.verify(token).principal();
        assertEquals(token, principal.getRawToken());
        assertEquals("ada@contoso.com", principal.getName());
        assertEquals(NOW + 3600, principal.getExpirationTime());
        assertEquals(java.util.Set.of("g-1"), principal.getGroups());
    }

    // ------------------------------------------------------------------ helpers

    private void assertOutcome(String expected, String token) {
        if (expected.equals("accepted")) {
            cut.verify(token);
        } else {
            assertRefused(expected, token);
        }
    }

    private void assertRefused(String message, String token) {
        assertEquals(message, assertThrows(UnauthenticatedException.class, () -> cut.verify(token)).getMessage());
    }

    /** An Entra v2.0 delegated token of {@link #TENANT}. */
    static JWTClaimsSet.Builder entra() {
        return new JWTClaimsSet.Builder()
                .audience(AUDIENCE)
                .issuer("https://login.microsoftonline.com/" + TENANT + "/v2.0")
                .issueTime(at(NOW - 5)).notBeforeTime(at(NOW - 5)).expirationTime(at(NOW + 3600))
                .claim("oid", "6f1c7a4e-1b2c-4d3e-8f90-0a1b2c3d4e5f")
                .claim("preferred_username", "ada@contoso.com")
                .claim("scp", "User.Read")
                .subject("pairwise-subject")
                .claim("tid", TENANT)
                .claim("uti", "AbCdEf123")
                .claim("ver", "2.0");
    }

    static String token(JWTClaimsSet.Builder claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").type(JOSEObjectType.JWT).build(), rsaSigner(RSA), claims);
    }

    static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Date at(long epochSecond) {
        return Date.from(Instant.ofEpochSecond(epochSecond));
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(Curve curve, String kid) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JWSSigner rsaSigner(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JWSSigner ecSigner(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        long now;

        MutableClock(long now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(now);
        }
    }
}
