/** The database schema, owned by versioned SQL migrations rather than by the JPA provider. */
package org.portrait.schema.control;
