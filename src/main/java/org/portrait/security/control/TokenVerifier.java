package org.portrait.security.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.portrait.security.entity.TokenPrincipal;

/**
 * Verifies bearer tokens (docs/api.md §7 and §11) with Nimbus JOSE+JWT, independent of the server's
 * MicroProfile JWT: signature with an allowed algorithm (RS256, RS384, RS512, PS256, ES256; never
 * {@code none} or HMAC) and a key of the token's own issuer, header {@code typ} {@code JWT} or
 * {@code at+jwt}, {@code exp} (required), {@code nbf} and {@code iat} within the clock skew, {@code aud},
 * a token id ({@code jti}, or Entra's {@code uti}), then the claims that say who is calling
 * ({@link ClaimMapping}).
 * <p>
 * Keys are bound to issuers: the issuers of {@code mp.jwt.verify.issuer} to the key of
 * {@code mp.jwt.verify.publickey(.location)}, each discovered issuer to its own JWKS, so a key of one
 * identity provider never vouches for a token naming another. A token whose {@code iss} matches no
 * configured issuer is refused before any key is looked up or fetched.
 * <p>
 * Verified tokens are cached ({@link VerifiedTokenCache}). The success path throws nothing, logs
 * nothing and looks nothing up but the cache; a refusal is one {@link UnauthenticatedException} whose
 * message the client sees, logged (at FINE) by whoever catches it.
 */
@ApplicationScoped
public class TokenVerifier {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

    /** Entra and Keycloak write {@code JWT}; RFC 9068 access tokens (Keycloak can issue them) {@code at+jwt}. */
    private static final JOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null);

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class.getName());

    /** Issuers with the keys that verify them and a processor that checks the signature with those keys. */
    private record Binding(List<IssuerPattern> issuers, TokenKeys keys, DefaultJWTProcessor<SecurityContext> processor) {
    }

    private TokenSettings settings;
    private Clock clock;
    private long skew;
    private ClaimMapping mapping;
    private VerifiedTokenCache cache;
    private Binding staticBinding;
    private final List<DiscoveredIssuer> discovered = new ArrayList<>();

    /** For CDI; the settings come from MicroProfile Config in {@link #configure()}. */
    protected TokenVerifier() {
    }

    /** For tests and benchmarks: explicit settings and clock. */
    public TokenVerifier(TokenSettings settings, Clock clock) {
        start(settings, clock);
    }

    @PostConstruct
    void configure() {
        if (settings == null) {
            Config config = ConfigProvider.getConfig();
            start(TokenSettings.from(name -> config.getOptionalValue(name, String.class)), Clock.systemUTC());
        }
    }

    /** Builds the verifier when the application starts, so that a configuration error stops the deployment. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Delivering the event creates the bean. No key is fetched yet: that waits for the first token or
        // readiness poll, so an unreachable identity provider does not hold up or fail the deployment.
    }

    private void start(TokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.skew = settings.clockSkew().toSeconds();
        this.mapping = new ClaimMapping(settings.scopeClaims(), settings.roleClaims(), settings.defaultTenant());
        this.cache = new VerifiedTokenCache(settings.cacheSize(), settings.cacheBytes());
        TokenKeys keys = staticKeys(settings);
        if (keys != null) {
            staticBinding = new Binding(settings.issuers(), keys, processor(keys));
            LOG.info(() -> "Tokens of issuer " + settings.issuers() + " are verified with the keys of "
                    + keys.source());
        }
        for (URI issuer : settings.discoveryIssuers()) {
            discovered.add(new DiscoveredIssuer(issuer, settings, ALGORITHMS));
        }
    }

    private static TokenKeys staticKeys(TokenSettings settings) {
        if (settings.publicKey() != null) {
            return StaticKeys.parse(settings.publicKey(), TokenSettings.variable(TokenSettings.PUBLIC_KEY));
        }
        String location = settings.publicKeyLocation();
        if (location == null) {
            return null;
        }
        String scheme = location.contains(":") ? location.substring(0, location.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        if (scheme.equals("http") || scheme.equals("https")) {
            try {
                return new RemoteKeys(URI.create(location).toURL(), settings, ALGORITHMS);
            } catch (MalformedURLException | IllegalArgumentException malformed) {
                throw TokenSettings.misconfigured("the key location " + location + " is not a URL: " + malformed.getMessage());
            }
        }
        if (scheme.equals("file") || location.startsWith("/")) {
            return StaticKeys.fromFile(location);
        }
        throw TokenSettings.misconfigured(TokenSettings.variable(TokenSettings.PUBLIC_KEY_LOCATION)
                + " must be a file: or http(s): URL or an absolute path, got '" + location + "'");
    }

    static DefaultJWTProcessor<SecurityContext> processor(TokenKeys keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier((type, context) -> { }); // checked before, with a message of its own
        processor.setJWSKeySelector(keys.selector());
        processor.setJWTClaimsSetVerifier(null); // verify() checks the claims, with messages of its own
        return processor;
    }

    /**
     * The verified token for a bearer token (token68 characters only: the caller checked).
     *
     * @throws UnauthenticatedException why the token is refused, in words the client may see
     */
    public VerifiedToken verify(String token) {
        if (token.length() > settings.maxTokenLength()) {
            throw new UnauthenticatedException("Access token is too large.");
        }
        long now = clock.millis() / 1000;
        VerifiedToken known = cache.get(token);
        if (known != null) {
            if (known.validAt(now, skew)) {
                return known;
            }
            cache.remove(token);
            throw new UnauthenticatedException("Lifetime validation failed, the token is expired.");
        }
        VerifiedToken verified = verifyNow(token, now);
        cache.put(token, verified, now, skew);
        return verified;
    }

    private VerifiedToken verifyNow(String token, long now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException malformed) {
            throw new UnauthenticatedException("Access token is malformed.");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new UnauthenticatedException("Access token signing algorithm is not accepted (RS256, RS384, RS512, PS256, ES256 are).");
        }
        try {
            TYPES.verify(header.getType(), null);
        } catch (BadJOSEException wrongType) {
            throw new UnauthenticatedException("Access token type (typ) is not accepted.");
        }
        String issuer = claims.getIssuer();
        String issuerTenant = null;
        DefaultJWTProcessor<SecurityContext> processor = null;
        if (staticBinding != null) {
            for (IssuerPattern pattern : staticBinding.issuers()) {
                issuerTenant = pattern.match(issuer);
                if (issuerTenant != null) {
                    processor = staticBinding.processor();
                    break;
                }
            }
        }
        for (int i = 0; processor == null && i < discovered.size(); i++) {
            DiscoveredIssuer.Resolved resolved = discovered.get(i).resolved();
            if (resolved != null) {
                issuerTenant = resolved.issuer().match(issuer);
                if (issuerTenant != null) {
                    processor = resolved.processor();
                }
            }
        }
        if (processor == null) {
            throw new UnauthenticatedException("Access token issuer (iss) is not accepted.");
        }
        try {
            processor.process(jwt, null);
        } catch (BadJWSException badSignature) {
            throw new UnauthenticatedException("Access token signature is invalid.");
        } catch (KeySourceException keysUnavailable) {
            throw new UnauthenticatedException("Access token signing keys are not available; retry later.");
        } catch (BadJOSEException noKey) {
            throw new UnauthenticatedException("Access token signing key (kid) is not known.");
        } catch (JOSEException unusable) {
            throw new UnauthenticatedException("Access token signature could not be verified.");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new UnauthenticatedException("Access token has no expiry (exp).");
        }
        long expiresAt = expires.getTime() / 1000;
        if (now >= expiresAt + skew) {
            throw new UnauthenticatedException("Lifetime validation failed, the token is expired.");
        }
        Date notBeforeTime = claims.getNotBeforeTime();
        long notBefore = notBeforeTime == null ? Long.MIN_VALUE / 2 : notBeforeTime.getTime() / 1000;
        Date issued = claims.getIssueTime();
        if (notBefore - skew > now || issued != null && issued.getTime() / 1000 - skew > now) {
            throw new UnauthenticatedException("Lifetime validation failed, the token is not yet valid.");
        }
        if (claims.getAudience().stream().noneMatch(settings.audiences()::contains)) {
            throw new UnauthenticatedException("Access token audience (aud) is not this service.");
        }
        if (!(claims.getClaim("jti") instanceof String jti && !jti.isBlank())
                && !(claims.getClaim("uti") instanceof String uti && !uti.isBlank())) {
            throw new UnauthenticatedException("Access token has no token id (jti or uti).");
        }
        Caller caller = mapping.caller(claims.getClaims(), issuerTenant);
        return new VerifiedToken(caller, new TokenPrincipal(token, claims.getClaims()), notBefore, expiresAt);
    }

    /**
     * The state of each key set fetched over the network (a JWKS URL, a discovery document), for
     * readiness; loads keys not fetched yet (rate-limited). Keys read from the configuration at
     * start-up cannot fail later and are not listed.
     */
    public List<KeyStatus> keyStatus() {
        List<KeyStatus> status = new ArrayList<>();
        if (staticBinding != null && staticBinding.keys() instanceof RemoteKeys remote) {
            status.add(remote.status());
        }
        for (DiscoveredIssuer issuer : discovered) {
            status.add(issuer.status());
        }
        return status;
    }

    /** Verified tokens held by the cache (for tests). */
    int cachedTokens() {
        return cache.size();
    }
}
