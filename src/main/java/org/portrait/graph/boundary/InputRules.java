package org.portrait.graph.boundary;

import java.util.regex.Pattern;

/**
 * What ids and names from outside (paths, request bodies, token claims) may look like, one rule for
 * all of them: an id becomes a path segment and a database key, a name is echoed in JSON and logs.
 */
public final class InputRules {

    /** Object ids, tenant ids, client-chosen ids: no separators, no {@code @} (that would read as a UPN). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("[\\x00-\\x1F\\x7F]");

    /** Prose (descriptions) may hold line breaks and tabs. */
    private static final Pattern CONTROL_CHARACTERS_BUT_LAYOUT = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    private InputRules() {
    }

    public static boolean isIdentifier(String value) {
        return value != null && ID.matcher(value).matches();
    }

    public static boolean hasControlCharacters(String value) {
        return CONTROL_CHARACTERS.matcher(value).find();
    }

    public static boolean hasControlCharactersButLayout(String value) {
        return CONTROL_CHARACTERS_BUT_LAYOUT.matcher(value).find();
    }
}
