package org.portrait.security.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * An OpenID Connect issuer ({@code portrait.oidc.issuer}): its discovery document
 * ({@code <issuer>/.well-known/openid-configuration}) names the issuer its tokens carry and the JWKS
 * URL of its keys. Tokens of that issuer are verified with those keys only. The document is read on
 * first need, not at deployment, and retried at most once per refresh interval until it is read; then
 * it is kept (the JWKS keys themselves are refreshed as usual). Microsoft's multi-tenant documents
 * ({@code …/common/v2.0}, {@code …/organizations/v2.0}) name a {@code {tenantid}} issuer pattern.
 */
final class DiscoveredIssuer {

    private static final Logger LOG = Logger.getLogger(DiscoveredIssuer.class.getName());
    private static final int DOCUMENT_SIZE_LIMIT = 256 * 1024;

    /** What the document said, with the keys it points to. */
    record Resolved(IssuerPattern issuer, RemoteKeys keys, DefaultJWTProcessor<SecurityContext> processor) {
    }

    private final URI configured;
    private final TokenSettings settings;
    private final Set<JWSAlgorithm> algorithms;
    private volatile Resolved resolved;
    private boolean attempted;
    private long lastAttempt;
    private volatile String lastError;

    DiscoveredIssuer(URI configured, TokenSettings settings, Set<JWSAlgorithm> algorithms) {
        this.configured = configured;
        this.settings = settings;
        this.algorithms = algorithms;
    }

    URI configured() {
        return configured;
    }

    /** The document's answer, reading it now if it was not read yet and the interval allows; else null. */
    Resolved resolved() {
        Resolved known = resolved;
        return known != null ? known : resolve(System.currentTimeMillis());
    }

    private synchronized Resolved resolve(long now) {
        if (resolved != null) {
            return resolved;
        }
        if (attempted && now - lastAttempt < settings.jwksRefreshInterval().toMillis()) {
            return null;
        }
        attempted = true;
        lastAttempt = now;
        URL document = null;
        try {
            document = wellKnown(configured);
            int timeout = (int) settings.jwksTimeout().toMillis();
            Resource resource = new DefaultResourceRetriever(timeout, timeout, DOCUMENT_SIZE_LIMIT).retrieveResource(document);
            Map<String, Object> json = JSONObjectUtils.parse(resource.getContent());
            String issuer = JSONObjectUtils.getString(json, "issuer");
            URI jwks = JSONObjectUtils.getURI(json, "jwks_uri");
            if (issuer == null || issuer.isBlank() || jwks == null || !isHttp(jwks)) {
                throw new ParseException("the document names no issuer or no http(s) jwks_uri", 0);
            }
            RemoteKeys keys = new RemoteKeys(jwks.toURL(), settings, algorithms);
            Resolved answer = new Resolved(IssuerPattern.of(issuer), keys, TokenVerifier.processor(keys));
            LOG.info(() -> "Tokens of issuer " + issuer + " (discovered at " + configured + ") are verified with the keys at " + jwks);
            lastError = null;
            resolved = answer;
            return answer;
        } catch (IOException | ParseException | IllegalArgumentException | IllegalStateException failed) {
            lastError = FetchLog.rootCause(failed);
            URL url = document;
            LOG.warning(() -> "OpenID Connect discovery " + (url == null ? configured : url) + " failed (" + lastError
                    + "); tokens of this issuer are refused until it succeeds");
            return null;
        }
    }

    KeyStatus status() {
        Resolved known = resolved();
        if (known == null) {
            return new KeyStatus(configured.toString(), false, "discovery document not read: " + lastError);
        }
        KeyStatus keys = known.keys().status();
        return new KeyStatus(configured.toString(), keys.up(), "issuer " + known.issuer() + ", keys " + known.keys().source() + ": " + keys.detail());
    }

    /** OpenID Connect Discovery 1.0, section 4: the issuer without a trailing slash, then the well-known path. */
    static URL wellKnown(URI issuer) throws IOException {
        String base = issuer.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/.well-known/openid-configuration").toURL();
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
    }
}
