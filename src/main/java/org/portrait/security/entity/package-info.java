/** The verified token as the MicroProfile JWT API sees it. */
package org.portrait.security.entity;
