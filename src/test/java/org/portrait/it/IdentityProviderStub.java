package org.portrait.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Microsoft Entra ID and Keycloak as Portrait sees them, on loopback: OpenID Connect discovery documents
 * and JWKS endpoints laid out like the real ones (Entra's {@code /common/discovery/keys},
 * {@code /organizations/v2.0/.well-known/openid-configuration}, a tenant's own document and keys;
 * Keycloak's {@code /realms/{realm}/.well-known/openid-configuration} and
 * {@code /protocol/openid-connect/certs}), with keys made for this run that Portrait has never seen.
 * Keys can be rotated and the server stopped and started again; every request to a key set is logged
 * with its time, so tests can count fetches.
 */
final class IdentityProviderStub implements AutoCloseable {

    /** Overridable when two checkouts run their tests at the same time. */
    static final int PORT = Integer.getInteger("portrait.it.idpPort", 28087);

    /** The single-tenant Entra directory, whose app has a signing key of its own. */
    static final String SINGLE_TENANT = UUID.randomUUID().toString();
    static final String ENTRA_V2_MULTI_TENANT_ISSUER = "https://login.microsoftonline.com/{tenantid}/v2.0";

    final String base = "http://127.0.0.1:" + PORT;
    /** Entra's common keys: the same set behind the v1.0 and the v2.0 JWKS URLs. */
    final KeySet entra = new KeySet("entra", JWSAlgorithm.RS256);
    /** The single tenant's keys (an app with a custom signing key gets its own set). */
    final KeySet tenant = new KeySet("tenant", JWSAlgorithm.RS256);
    /** Keycloak's realm keys: RS256, ES256 and PS256 signing keys, and an encryption key. */
    final KeySet keycloak = new KeySet("keycloak", JWSAlgorithm.RS256);
    final JWK keycloakEs256 = keycloak.add(JWSAlgorithm.ES256);
    final JWK keycloakPs256 = keycloak.add(JWSAlgorithm.PS256);

    final String entraV1Keys = "/common/discovery/keys";
    final String entraV2Keys = "/common/discovery/v2.0/keys";
    final String tenantKeys = "/" + SINGLE_TENANT + "/discovery/v2.0/keys";
    final String keycloakRealm = base + "/realms/portrait";
    final String keycloakKeys = "/realms/portrait/protocol/openid-connect/certs";

    private final Map<String, KeySet> keySets = new LinkedHashMap<>();
    private final Map<String, String> documents = new LinkedHashMap<>();
    private final Map<String, List<Long>> fetches = new ConcurrentHashMap<>();
    private HttpServer server;

    IdentityProviderStub() {
        keycloak.addEncryptionKey();
        keySets.put(entraV1Keys, entra);
        keySets.put(entraV2Keys, entra);
        keySets.put(tenantKeys, tenant);
        keySets.put(keycloakKeys, keycloak);
        documents.put("/organizations/v2.0/.well-known/openid-configuration",
                entraDocument(ENTRA_V2_MULTI_TENANT_ISSUER, "organizations", entraV2Keys));
        documents.put("/" + SINGLE_TENANT + "/v2.0/.well-known/openid-configuration",
                entraDocument("https://login.microsoftonline.com/" + SINGLE_TENANT + "/v2.0", SINGLE_TENANT, tenantKeys));
        documents.put("/realms/portrait/.well-known/openid-configuration", keycloakDocument());
    }

    /** The PORTRAIT_OIDC_ISSUER entries: the single tenant first, so its tokens take its own keys. */
    String discoveryIssuers() {
        return String.join(",", base + "/" + SINGLE_TENANT + "/v2.0", base + "/organizations/v2.0", keycloakRealm);
    }

    synchronized void start() throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 16);
                break;
            } catch (BindException stillBound) {
                if (attempt == 50) {
                    throw new UncheckedIOException("port " + PORT + " stays taken", stillBound);
                }
                Thread.sleep(200); // the previous run of this server on the same port is closing
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        server.createContext("/", this::answer);
        server.start();
    }

    /** Connections are refused from now on (as when the identity provider is down). */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Times (epoch millis) at which the key set at {@code path} was fetched. */
    List<Long> fetches(String path) {
        return List.copyOf(fetches.getOrDefault(path, List.of()));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = null;
        KeySet keys = keySets.get(path);
        if (keys != null) {
            fetches.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
            body = keys.published();
        } else if (documents.containsKey(path)) {
            body = documents.get(path);
        }
        byte[] bytes = (body == null ? "{\"error\":\"not found\"}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Entra's discovery document (a subset, with the fields Portrait reads). */
    private String entraDocument(String issuer, String tenantSegment, String keysPath) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("token_endpoint", "https://login.microsoftonline.com/" + tenantSegment + "/oauth2/v2.0/token");
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt", "client_secret_basic"));
        document.put("jwks_uri", base + keysPath);
        document.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        document.put("subject_types_supported", List.of("pairwise"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        document.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        document.put("issuer", issuer);
        document.put("request_uri_parameter_supported", false);
        document.put("userinfo_endpoint", "https://graph.microsoft.com/oidc/userinfo");
        document.put("authorization_endpoint", "https://login.microsoftonline.com/" + tenantSegment + "/oauth2/v2.0/authorize");
        document.put("cloud_instance_name", "microsoftonline.com");
        return JSONObjectUtils.toJSONString(document);
    }

    private String keycloakDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", keycloakRealm);
        document.put("authorization_endpoint", keycloakRealm + "/protocol/openid-connect/auth");
        document.put("token_endpoint", keycloakRealm + "/protocol/openid-connect/token");
        document.put("introspection_endpoint", keycloakRealm + "/protocol/openid-connect/token/introspect");
        document.put("userinfo_endpoint", keycloakRealm + "/protocol/openid-connect/userinfo");
        document.put("end_session_endpoint", keycloakRealm + "/protocol/openid-connect/logout");
        document.put("jwks_uri", base + keycloakKeys);
        document.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
        document.put("id_token_signing_alg_values_supported", List.of("PS384", "RS384", "EdDSA", "ES384", "HS256", "HS512",
                "ES256", "RS256", "HS384", "ES512", "PS256", "PS512", "RS512"));
        document.put("scopes_supported", List.of("openid", "basic", "profile", "email", "roles", "web-origins", "acr"));
        return JSONObjectUtils.toJSONString(document);
    }

    /** The keys one JWKS URL publishes; signing keys keep their private half here, for minting. */
    static final class KeySet {
        private final String name;
        private final List<JWK> keys = new CopyOnWriteArrayList<>();
        private volatile JWK current;
        private int counter;

        KeySet(String name, JWSAlgorithm algorithm) {
            this.name = name;
            this.current = add(algorithm);
        }

        /** The key new tokens are signed with. */
        JWK current() {
            return current;
        }

        synchronized JWK add(JWSAlgorithm algorithm) {
            JWK key = generate(algorithm, name + "-" + (++counter));
            keys.add(key);
            return key;
        }

        /** Rollover, step one: a new key is published next to the old ones and signs from now on. */
        synchronized JWK rotate() {
            current = add(JWSAlgorithm.RS256);
            return current;
        }

        /** Rollover, step two: the key leaves the published set. */
        void retire(JWK key) {
            keys.remove(key);
        }

        void addEncryptionKey() {
            try {
                keys.add(new RSAKeyGenerator(2048).keyID(name + "-enc").keyUse(KeyUse.ENCRYPTION)
                        .algorithm(com.nimbusds.jose.JWEAlgorithm.RSA_OAEP).generate());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String published() {
            List<JWK> publics = new ArrayList<>();
            keys.forEach(key -> publics.add(key.toPublicJWK()));
            return new JWKSet(publics).toString();
        }

        static JWK generate(JWSAlgorithm algorithm, String kid) {
            try {
                if (JWSAlgorithm.ES256.equals(algorithm)) {
                    return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
                }
                // Entra's keys carry no "alg"; Keycloak's do (its RS256 key is written like Entra's here).
                var rsa = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE);
                return JWSAlgorithm.RS256.equals(algorithm) ? rsa.generate() : rsa.algorithm(algorithm).generate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
