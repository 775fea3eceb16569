package org.portrait.cors.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.portrait.cors.control.CorsPolicy;

/**
 * CORS (docs/api.md §10). Mapped in web.xml after RequestIds and before Authentication: a preflight
 * carries no token, so it is answered here (204) when its origin is allowed. Any other request goes on,
 * with the CORS headers its page needs to read the answer; OPTIONS that is no allowed preflight goes
 * on too, and stays the API's 405.
 */
public class CorsFilter extends HttpFilter {

    private CorsPolicy policy;

    @Override
    public void init() {
        policy = CorsPolicy.of(ConfigProvider.getConfig().getOptionalValue("portrait.cors.origins", String.class).orElse(""));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (!policy.enabled() || origin == null) {
            chain.doFilter(request, response);
            return;
        }
        response.addHeader("Vary", "Origin");
        Optional<String> allowed = policy.allowOrigin(origin);
        if (allowed.isEmpty()) {
            chain.doFilter(request, new KeepsVaryOrigin(response));
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", allowed.get());
        if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
            response.setHeader("Access-Control-Allow-Methods", CorsPolicy.METHODS);
            response.setHeader("Access-Control-Allow-Headers",
                    CorsPolicy.allowHeaders(request.getHeader("Access-Control-Request-Headers")));
            response.setHeader("Access-Control-Max-Age", Integer.toString(CorsPolicy.MAX_AGE_SECONDS));
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        response.setHeader("Access-Control-Expose-Headers", CorsPolicy.EXPOSED);
        chain.doFilter(request, new KeepsVaryOrigin(response));
    }

    /** Photo answers set {@code Vary: Authorization}; a cache must still tell origins apart. */
    private static final class KeepsVaryOrigin extends HttpServletResponseWrapper {

        KeepsVaryOrigin(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            boolean vary = "Vary".equalsIgnoreCase(name) && value != null && !value.contains("Origin") && !value.equals("*");
            super.setHeader(name, vary ? value + ", Origin" : value);
        }

        @Override
        public void reset() {
            // An answer made anew (an error page) is still read by the same page.
            String allowOrigin = getHeader("Access-Control-Allow-Origin");
            String exposed = getHeader("Access-Control-Expose-Headers");
            super.reset();
            super.setHeader("Vary", "Origin");
            if (allowOrigin != null) {
                super.setHeader("Access-Control-Allow-Origin", allowOrigin);
            }
            if (exposed != null) {
                super.setHeader("Access-Control-Expose-Headers", exposed);
            }
        }
    }
}
