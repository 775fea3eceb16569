/**
 * Authentication: who is calling, as the verified token says. Bearer tokens are verified here (keys,
 * issuers, lifetime, audience, the verified-token cache; Nimbus JOSE+JWT stays inside this package;
 * docs/identity-providers.md) and their claims become the {@link org.portrait.security.control.Caller}.
 * No HTTP.
 */
package org.portrait.security.control;
