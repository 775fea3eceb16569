/** Owners on the wire: Graph user, group, contact and contactFolder JSON, and request bodies read into drafts. */
package org.portrait.owners.boundary;
