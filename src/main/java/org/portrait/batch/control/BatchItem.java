package org.portrait.batch.control;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One inner request of a batch, checked and ready to run.
 *
 * @param id        the client's id, unique in the batch
 * @param method    GET, PUT, PATCH, POST or DELETE
 * @param url       path and query relative to the version, without a leading slash ({@code users/x/photo/$value})
 * @param headers   the inner request's own headers, names as sent
 * @param body      the body's bytes (JSON bodies as JSON text, other bodies base64-decoded); empty when none
 * @param dependsOn ids that must have succeeded before this one runs
 */
public record BatchItem(String id, String method, String url, Map<String, String> headers, byte[] body,
                        List<String> dependsOn) {

    /** A header of the inner request, its name compared case-insensitively as HTTP does; null when absent. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(header -> header.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
