/** The Graph URL tree: {@code /v1.0} and {@code /beta} roots, users, groups, teams, folders and contacts. */
package org.portrait.owners.boundary;
