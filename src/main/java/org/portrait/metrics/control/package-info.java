/**
 * Application metrics for operators: MicroProfile Metrics where the server has it (Payara, at {@code /metrics}),
 * Micrometer where it has that (WildFly, at the management interface's {@code /prometheus}), else none.
 */
package org.portrait.metrics.control;
