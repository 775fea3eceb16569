package org.portrait.directory.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.portrait.access.control.Access;
import org.portrait.access.control.Operation;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.photos.control.PhotoBinary;
import org.portrait.photos.control.ProfilePhotos;
import org.portrait.photos.entity.PhotoSize;
import org.portrait.security.boundary.Callers;
import org.portrait.security.control.Caller;

/**
 * The hot path of a photo read: a plain {@code GET …/$value} is answered here, in front of JAX-RS,
 * by the same access check and the same photo lookup as {@link PhotoResource} (both answered from
 * memory when cached), with the same headers. Anything else, and anything that goes wrong (an
 * unknown owner, a missing permission, a bad size), falls through to JAX-RS, which answers it the
 * one way every request is answered (docs/performance.md).
 */
public class PhotoValueFastPath extends HttpFilter {

    @Inject
    Access access;

    @Inject
    ProfilePhotos photos;

    @Inject
    PhotoValueResponses values;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<PhotoValuePath> path = "GET".equals(request.getMethod()) && request.getQueryString() == null
                ? PhotoValuePath.parse(request.getRequestURI().substring(request.getContextPath().length()))
                : Optional.empty();
        Optional<PhotoBinary> binary = path.flatMap(p -> answer(request, p));
        if (binary.isPresent()) {
            values.write(binary.get(), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private Optional<PhotoBinary> answer(HttpServletRequest request, PhotoValuePath path) {
        if (!(request.getAttribute(Callers.CALLER) instanceof Caller caller)) {
            return Optional.empty();
        }
        try {
            Optional<PhotoSize> size = path.size().map(PhotoSize::parse);
            ResolvedOwner owner = access.owner(caller, path.owner(), Operation.READ_PHOTO_VALUE);
            return Optional.of(photos.binary(owner, size, request.getHeader("If-None-Match")));
        } catch (RuntimeException answeredByJaxRs) {
            return Optional.empty();
        }
    }
}
