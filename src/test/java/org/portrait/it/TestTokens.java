package org.portrait.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints the JWTs the integration tests send, signed with the committed test-only key
 * ({@code src/test/resources/test-keys}), shaped like Microsoft Entra ID access tokens.
 * <p>
 * {@code delegated(...)} carries {@code scp} (space-separated), {@code app(...)} carries {@code roles} (a JSON array),
 * {@code personal(...)} is a delegated token of the Microsoft personal-account tenant. Each builder can then be
 * spoiled ({@link Builder#expired()}, {@link Builder#issuer(String)}, {@link Builder#signedWithForeignKey()}...).
 */
public final class TestTokens {

    /** Must match {@code mp.jwt.verify.issuer} of the server under test (arquillian.xml, RestartIT). */
    public static final String ISSUER = "portrait-test";
    /** Must match {@code mp.jwt.verify.audiences} of the server under test. */
    public static final String AUDIENCE = "api://portrait-test";
    /** Tenant id of personal Microsoft accounts (docs/api.md §7). */
    public static final String PERSONAL_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
    /** Classpath location of the public half, for servers started by the tests themselves. */
    public static final String PUBLIC_KEY_RESOURCE = "/test-keys/test-only-public.pem";

    private static final PrivateKey TEST_KEY = readPrivateKey("/test-keys/test-only-private.pem");
    private static final PrivateKey FOREIGN_KEY = generateKey();

    private TestTokens() {
    }

    /** A work/school account's delegated token with these scopes. */
    public static Builder delegated(String tenant, String oid, String upn, String... scopes) {
        return new Builder()
                .claim("tid", tenant)
                .claim("oid", oid)
                .claim("sub", "sub-" + oid)
                .claim("upn", upn)
                .claim("preferred_username", upn)
                .claim("name", "Test " + upn)
                .claim("scp", String.join(" ", scopes));
    }

    /** An application (client credentials) token with these application permissions. */
    public static Builder app(String tenant, String... roles) {
        String servicePrincipal = UUID.randomUUID().toString();
        return new Builder()
                .claim("tid", tenant)
                .claim("oid", servicePrincipal)
                .claim("sub", servicePrincipal)
                .claim("appid", UUID.randomUUID().toString())
                .claim("idtyp", "app")
                .claim("roles", List.of(roles));
    }

    /** A personal Microsoft account's delegated token (tid = {@link #PERSONAL_TENANT}). */
    public static Builder personal(String oid, String email, String... scopes) {
        return delegated(PERSONAL_TENANT, oid, email, scopes).without("upn");
    }

    /** Fluent token builder; {@link #build()} signs. */
    public static final class Builder {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private Instant issuedAt = Instant.now().minusSeconds(5);
        private Instant expiresAt = issuedAt.plus(Duration.ofHours(1));
        private PrivateKey key = TEST_KEY;

        private Builder() {
            claims.put("iss", ISSUER);
            claims.put("aud", AUDIENCE);
            claims.put("jti", UUID.randomUUID().toString());
        }

        public Builder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        public Builder without(String name) {
            claims.remove(name);
            return this;
        }

        public Builder issuer(String issuer) {
            return claim("iss", issuer);
        }

        public Builder audience(String audience) {
            return claim("aud", audience);
        }

        /** Expired ten minutes ago (well beyond any default clock skew). */
        public Builder expired() {
            issuedAt = Instant.now().minus(Duration.ofHours(2));
            expiresAt = Instant.now().minus(Duration.ofMinutes(10));
            return this;
        }

        /** Signed with a freshly generated key the server has never seen. */
        public Builder signedWithForeignKey() {
            key = FOREIGN_KEY;
            return this;
        }

        public String build() {
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                    .issueTime(Date.from(issuedAt))
                    .notBeforeTime(Date.from(issuedAt))
                    .expirationTime(Date.from(expiresAt));
            claims.forEach(set::claim);
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                    set.build());
            try {
                jwt.sign(new RSASSASigner(key));
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign test token", e);
            }
            return jwt.serialize();
        }

        @Override
        public String toString() {
            return "token" + claims + Arrays.asList(issuedAt, expiresAt);
        }
    }

    private static PrivateKey readPrivateKey(String resource) {
        try (InputStream in = TestTokens.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test key " + resource);
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bad test key " + resource, e);
        }
    }

    private static PrivateKey generateKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
