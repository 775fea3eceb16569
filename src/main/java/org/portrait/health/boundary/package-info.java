/** Liveness and readiness for load balancers and orchestrators, in MicroProfile Health's JSON shape. */
package org.portrait.health.boundary;
