/** The web page at {@code /}: a person's own photo, upload and delete, and the directory, in the browser. */
package org.portrait.web.boundary;
