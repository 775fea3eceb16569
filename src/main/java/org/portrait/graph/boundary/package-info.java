/** Shared OData wire conventions: the request's base URL, entity paths, $select and rejected query options. */
package org.portrait.graph.boundary;
