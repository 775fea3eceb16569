/** Which stored size answers a request, uploads that replace all sizes at once, and reading bytes. */
package org.portrait.photos.control;
