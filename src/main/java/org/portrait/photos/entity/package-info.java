/** Stored photos: one variant row per size (metadata only) and its bytes in a separate table. */
package org.portrait.photos.entity;
