/** Authentication: who is calling, as the verified token says; no HTTP, no JWT library types. */
package org.portrait.security.control;
