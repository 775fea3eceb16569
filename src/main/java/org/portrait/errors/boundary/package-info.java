/** Graph error JSON: the one place where failures become HTTP status codes and error bodies. */
package org.portrait.errors.boundary;
