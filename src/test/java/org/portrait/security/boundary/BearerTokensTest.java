package org.portrait.security.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portrait.security.control.UnauthenticatedException;

/** The Authorization header: the scheme in any case (RFC 7235), one token68 credential, nothing else. */
class BearerTokensTest {

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            Bearer abc.def.ghi                | abc.def.ghi
            bearer abc.def.ghi                | abc.def.ghi
            BEARER abc.def.ghi                | abc.def.ghi
            bEaReR abc.def.ghi                | abc.def.ghi
            'Bearer   abc.def.ghi  '          | abc.def.ghi
            Bearer a-b_c.d~e+f/g==            | a-b_c.d~e+f/g==
            null                              | 401 Access token is empty.
            ''                                | 401 Access token is empty.
            Bearer                            | 401 Access token is empty.
            'Bearer    '                      | 401 Access token is empty.
            Basic dXNlcjpwYXNz                | 401 Access token is empty.
            Bearerabc.def.ghi                 | 401 Access token is empty.
            'Bearer\tabc.def.ghi'             | 401 Access token is empty.
            Bearer abc.def.ghi abc.def.ghi    | 401 Access token is malformed.
            Bearer abc.d=f.ghi                | 401 Access token is malformed.
            Bearer ==                         | 401 Access token is malformed.
            'Bearer "abc.def.ghi"'            | 401 Access token is malformed.
            Bearer abc.déf.ghi                | 401 Access token is malformed.
            """)
    void theTokenIsTheOneCredentialOfTheBearerScheme(String header, String expected) {
        String value = header == null ? null : header.replace("\\t", "\t");
        String actual;
        try {
            actual = BearerTokens.token(value);
        } catch (UnauthenticatedException refused) {
            actual = "401 " + refused.getMessage();
        }
        assertEquals(expected, actual);
    }
}
