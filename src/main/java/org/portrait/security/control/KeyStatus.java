package org.portrait.security.control;

/** Whether one source of token keys can verify tokens now, and what an operator should know about it. */
public record KeyStatus(String source, boolean up, String detail) {
}
