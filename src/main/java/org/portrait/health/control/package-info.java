/** Checks behind the health endpoints. */
package org.portrait.health.control;
