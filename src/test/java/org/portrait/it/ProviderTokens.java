package org.portrait.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Access tokens with the claim sets real identity providers issue, claim for claim and in their order:
 * Microsoft Entra ID v1.0 and v2.0 (delegated and application, from Microsoft's "Access token claims
 * reference" and its sample tokens: no {@code jti} but {@code uti}, {@code scp} a space-separated
 * string, {@code roles} an array, {@code groups} object ids, {@code upn} in v1.0 only, {@code sub}
 * pairwise) and Keycloak (a realm's default access token: {@code scope}, {@code realm_access} and
 * {@code resource_access} roles, {@code typ} "Bearer" in the payload, no {@code tid}; and a client
 * credentials token, here without {@code sub}). Opaque values ({@code aio}, {@code rh}, {@code uti}) are
 * random strings of their usual shape. Each method returns a mutable claim map that a test may spoil.
 */
final class ProviderTokens {

    /** The API's app registration: v1.0 tokens carry its App ID URI, v2.0 tokens its client id. */
    static final String APP_ID_URI = "api://portrait-idp-it";
    static final String API_CLIENT_ID = "0f3c6b2a-5d1e-4c7b-9a8f-2e1d0c9b8a7f";
    /** Keycloak: the resource server's client, put into aud by an audience mapper. */
    static final String KEYCLOAK_CLIENT = "portrait-api";
    static final String CALLING_APP = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ProviderTokens() {
    }

    static Map<String, Object> entraV2Delegated(String tenant, String oid, String preferredUsername, String scp) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aud", API_CLIENT_ID);
        c.put("iss", "https://login.microsoftonline.com/" + tenant + "/v2.0");
        c.put("iat", now - 300); // Entra backdates iat and nbf by five minutes
        c.put("nbf", now - 300);
        c.put("exp", now + 3600);
        c.put("aio", opaque(120));
        c.put("azp", CALLING_APP);
        c.put("azpacr", "0");
        c.put("name", "Abe Lincoln");
        c.put("oid", oid);
        if (preferredUsername != null) {
            c.put("preferred_username", preferredUsername);
        }
        c.put("rh", "0." + opaque(60) + ".");
        c.put("scp", scp);
        c.put("sid", UUID.randomUUID().toString());
        c.put("sub", opaque(43));
        c.put("tid", tenant);
        c.put("uti", opaque(22));
        c.put("ver", "2.0");
        return c;
    }

    static Map<String, Object> entraV2Application(String tenant, String servicePrincipal, String... roles) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aud", API_CLIENT_ID);
        c.put("iss", "https://login.microsoftonline.com/" + tenant + "/v2.0");
        c.put("iat", now - 300);
        c.put("nbf", now - 300);
        c.put("exp", now + 3600);
        c.put("aio", opaque(80));
        c.put("azp", CALLING_APP);
        c.put("azpacr", "1");
        c.put("idtyp", "app");
        c.put("oid", servicePrincipal);
        c.put("rh", "0." + opaque(60) + ".");
        c.put("roles", List.of(roles));
        c.put("sub", servicePrincipal);
        c.put("tid", tenant);
        c.put("uti", opaque(22));
        c.put("ver", "2.0");
        return c;
    }

    static Map<String, Object> entraV1Delegated(String tenant, String oid, String upn, String scp, List<String> groups) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aud", APP_ID_URI);
        c.put("iss", "https://sts.windows.net/" + tenant + "/");
        c.put("iat", now - 300);
        c.put("nbf", now - 300);
        c.put("exp", now + 4200);
        c.put("acct", 0);
        c.put("acr", "1");
        c.put("aio", opaque(120));
        c.put("amr", List.of("pwd", "mfa"));
        c.put("app_displayname", "Portrait web");
        c.put("appid", CALLING_APP);
        c.put("appidacr", "0");
        c.put("family_name", "Lincoln");
        c.put("given_name", "Abe");
        c.put("groups", groups);
        c.put("idtyp", "user");
        c.put("ipaddr", "203.0.113.7");
        c.put("name", "Abe Lincoln");
        c.put("oid", oid);
        c.put("platf", "3");
        c.put("puid", "10032001" + opaque(8).toUpperCase());
        c.put("rh", "0." + opaque(60) + ".");
        c.put("scp", scp);
        c.put("sub", opaque(43));
        c.put("tenant_region_scope", "EU");
        c.put("tid", tenant);
        c.put("unique_name", upn);
        c.put("upn", upn);
        c.put("uti", opaque(22));
        c.put("ver", "1.0");
        c.put("wids", List.of("b79fbf4d-3ef9-4689-8143-76b194e85509"));
        c.put("xms_tcdt", now - 86_400 * 900);
        return c;
    }

    static Map<String, Object> entraV1Application(String tenant, String servicePrincipal, String... roles) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aud", APP_ID_URI);
        c.put("iss", "https://sts.windows.net/" + tenant + "/");
        c.put("iat", now - 300);
        c.put("nbf", now - 300);
        c.put("exp", now + 3600);
        c.put("aio", opaque(80));
        c.put("app_displayname", "Portrait directory sync");
        c.put("appid", CALLING_APP);
        c.put("appidacr", "1");
        c.put("idp", "https://sts.windows.net/" + tenant + "/");
        c.put("idtyp", "app");
        c.put("oid", servicePrincipal);
        c.put("rh", "0." + opaque(60) + ".");
        c.put("roles", List.of(roles));
        c.put("sub", servicePrincipal);
        c.put("tid", tenant);
        c.put("uti", opaque(22));
        c.put("ver", "1.0");
        return c;
    }

    /** A Keycloak realm's access token for a user who signed in to {@code portrait-web}. */
    static Map<String, Object> keycloakUser(String issuer, String userId, String username, String scope) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("exp", now + 300);
        c.put("iat", now);
        c.put("auth_time", now - 20);
        c.put("jti", "onrtac:" + UUID.randomUUID());
        c.put("iss", issuer);
        c.put("aud", List.of(KEYCLOAK_CLIENT, "account"));
        c.put("sub", userId);
        c.put("typ", "Bearer");
        c.put("azp", "portrait-web");
        c.put("sid", UUID.randomUUID().toString());
        c.put("acr", "1");
        c.put("allowed-origins", List.of("https://intranet.corp.example"));
        c.put("realm_access", Map.of("roles", List.of("default-roles-portrait", "offline_access", "uma_authorization")));
        c.put("resource_access", Map.of("account", Map.of("roles", List.of("manage-account", "manage-account-links", "view-profile"))));
        c.put("scope", scope);
        c.put("email_verified", true);
        c.put("name", "Carol Keycloak");
        c.put("preferred_username", username);
        c.put("given_name", "Carol");
        c.put("family_name", "Keycloak");
        c.put("email", username + "@corp.example");
        return c;
    }

    /**
     * A client-credentials token of {@code portrait-sync}, whose token scopes were removed (so
     * {@code scope} is empty) and which holds client roles of {@code portrait-api}. No {@code sub}: a
     * realm can leave the basic scope out.
     */
    static Map<String, Object> keycloakServiceAccount(String issuer, String... clientRoles) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("exp", now + 300);
        c.put("iat", now);
        c.put("jti", "trrtcc:" + UUID.randomUUID());
        c.put("iss", issuer);
        c.put("aud", KEYCLOAK_CLIENT);
        c.put("typ", "Bearer");
        c.put("azp", "portrait-sync");
        c.put("acr", "1");
        c.put("realm_access", Map.of("roles", List.of("default-roles-portrait")));
        c.put("resource_access", Map.of(KEYCLOAK_CLIENT, Map.of("roles", List.of(clientRoles))));
        c.put("scope", "");
        c.put("clientHost", "198.51.100.4");
        c.put("preferred_username", "service-account-portrait-sync");
        c.put("clientAddress", "198.51.100.4");
        c.put("client_id", "portrait-sync");
        return c;
    }

    /** Signs the claims exactly as given (header: alg, typ, kid, in Entra's and Keycloak's order). */
    static String mint(JWK key, JWSAlgorithm algorithm, String type, Map<String, Object> claims) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(algorithm).keyID(key.getKeyID());
            if (type != null) {
                header.type(new JOSEObjectType(type));
            }
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            JWSObject jws = new JWSObject(header.build(), new Payload(claims));
            jws.sign(signer);
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign test token", e);
        }
    }

    static String mint(JWK key, Map<String, Object> claims) {
        return mint(key, JWSAlgorithm.RS256, "JWT", claims);
    }

    /** Random characters of the base64url alphabet, like Entra's opaque claims. */
    static String opaque(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
    }
}
