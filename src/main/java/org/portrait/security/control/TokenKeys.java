package org.portrait.security.control;

import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

/** The keys one configured issuer's tokens are verified with, and only that issuer's. */
interface TokenKeys {

    /** Where the keys come from (a file, a URL, or the setting that holds them). */
    String source();

    JWSKeySelector<SecurityContext> selector();
}
