package org.portrait.health.control;

import java.util.Map;

/** One named check of a health answer, with what it found (shown to operators, never secrets). */
public record HealthCheck(String name, boolean up, Map<String, String> data) {
}
