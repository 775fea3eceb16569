package org.portrait.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A configuration that cannot verify tokens stops the deployment, and says which variable to set. */
class TokenSettingsTest {

    static TokenSettings settings(String... pairs) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return TokenSettings.from(name -> Optional.ofNullable(config.get(name)));
    }

    @Test
    void defaults() {
        TokenSettings s = settings(TokenSettings.OIDC_ISSUER, "https://idp.example/realms/corp", TokenSettings.AUDIENCES, "api://portrait");
        assertEquals(List.of("scp", "scope"), s.scopeClaims());
        assertEquals(List.of("roles", "realm_access.roles"), s.roleClaims());
        assertEquals(Duration.ofSeconds(60), s.clockSkew());
        assertEquals(10_000, s.cacheSize());
        assertEquals(16L << 20, s.cacheBytes());
        assertEquals(16_384, s.maxTokenLength());
        assertEquals(Duration.ofSeconds(30), s.jwksRefreshInterval());
        assertEquals(Duration.ofSeconds(900), s.jwksCacheTimeToLive());
        assertEquals(Duration.ofHours(24), s.jwksOutageTolerance());
        assertEquals(null, s.defaultTenant());
    }

    @Test
    void listsAreCommaSeparated() {
        TokenSettings s = settings(TokenSettings.PUBLIC_KEY_LOCATION, "https://login.microsoftonline.com/common/discovery/v2.0/keys",
                TokenSettings.ISSUER, " https://login.microsoftonline.com/{tenantid}/v2.0 , https://sts.windows.net/{tenantid}/ ",
                TokenSettings.AUDIENCES, "api://portrait,0f1e2d3c-0000-4000-8000-000000000001",
                TokenSettings.ROLE_CLAIMS, "roles, realm_access.roles, resource_access.portrait-api.roles");
        assertEquals(2, s.issuers().size());
        assertTrue(s.issuers().get(1).tenantPattern());
        assertEquals(2, s.audiences().size());
        assertEquals(List.of("roles", "realm_access.roles", "resource_access.portrait-api.roles"), s.roleClaims());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no audience               | mp.jwt.verify.publickey.location=file:///k.pem;mp.jwt.verify.issuer=i                                   | MP_JWT_VERIFY_AUDIENCES
            nothing to verify with    | mp.jwt.verify.audiences=a                                                                                  | PORTRAIT_OIDC_ISSUER
            a key without issuer      | mp.jwt.verify.publickey.location=file:///k.pem;mp.jwt.verify.audiences=a                                   | MP_JWT_VERIFY_ISSUER
            an issuer without key     | mp.jwt.verify.issuer=i;mp.jwt.verify.audiences=a                                                            | MP_JWT_VERIFY_PUBLICKEY_LOCATION
            key twice                 | mp.jwt.verify.publickey.location=file:///k.pem;mp.jwt.verify.publickey=x;mp.jwt.verify.issuer=i;mp.jwt.verify.audiences=a | not both
            mistyped placeholder      | mp.jwt.verify.publickey.location=file:///k.pem;mp.jwt.verify.issuer=https://x/{tid}/v2.0;mp.jwt.verify.audiences=a | {tenantid} once
            discovery not http        | portrait.oidc.issuer=ftp://idp.example;mp.jwt.verify.audiences=a                                           | PORTRAIT_OIDC_ISSUER
            odd default tenant        | portrait.oidc.issuer=https://idp.example;mp.jwt.verify.audiences=a;portrait.token.default-tenant=a/b        | PORTRAIT_TOKEN_DEFAULT_TENANT
            skew not a number         | portrait.oidc.issuer=https://idp.example;mp.jwt.verify.audiences=a;portrait.token.clock-skew=1m             | PORTRAIT_TOKEN_CLOCK_SKEW
            cache ttl under interval  | portrait.oidc.issuer=https://idp.example;mp.jwt.verify.audiences=a;portrait.jwks.cache-ttl=10;portrait.jwks.refresh-interval=30 | PORTRAIT_JWKS_CACHE_TTL
            """)
    void aConfigurationThatCannotWorkIsRefused(String name, String config, String mentions) {
        String[] pairs = config.replace('=', ';').split(";");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(pairs));
        assertTrue(refused.getMessage().contains(mentions), refused::getMessage);
    }
}
