/** Photo owners: users, groups, contact folders and contacts, each in one tenant. Owner is the one entity. */
package org.portrait.owners.entity;
