/** The profilePhoto endpoints under every owner path: metadata, sizes, bytes, upload and delete. */
package org.portrait.photos.boundary;
