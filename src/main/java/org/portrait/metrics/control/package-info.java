/** Application metrics for operators (MicroProfile Metrics, published by the runtime at {@code /metrics}). */
package org.portrait.metrics.control;
