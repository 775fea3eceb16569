package org.portrait.it.sdk;

import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A Kiota {@link AccessTokenProvider} that hands out one bearer token, but only to the allowed hosts: what any
 * application does that gets its tokens elsewhere (a confidential client, a token broker, a test).
 * <p>
 * Public SDK/Kiota API only. Kiota's Azure Identity provider refuses plain {@code http://} URLs (except localhost);
 * this provider leaves the scheme to the caller and only checks the host, like Kiota's own
 * {@link AllowedHostsValidator} contract says.
 */
public final class FixedTokenProvider implements AccessTokenProvider {

    private final String token;
    private final AllowedHostsValidator allowedHosts;

    public FixedTokenProvider(String token, String... allowedHosts) {
        this.token = Objects.requireNonNull(token);
        this.allowedHosts = new AllowedHostsValidator(allowedHosts);
    }

    @Override
    public String getAuthorizationToken(URI uri, Map<String, Object> additionalAuthenticationContext) {
        // Kiota convention: an empty token means "send no Authorization header" (a host we must not leak to)
        return allowedHosts.isUrlHostValid(uri) ? token : "";
    }

    @Override
    public AllowedHostsValidator getAllowedHostsValidator() {
        return allowedHosts;
    }
}
