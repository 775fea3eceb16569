/**
 * Running several instances on one database: every write is logged for the other instances' caches
 * to forget, and each instance reads that log (docs/scaling.md).
 */
package org.portrait.cluster.control;
