/**
 * Authorisation: whether a caller may do an operation on what a path names. {@link org.portrait.access.control.Access}
 * is the one question resources ask; {@link org.portrait.access.control.PermissionPolicy} is Graph's permission table.
 */
package org.portrait.access.control;
