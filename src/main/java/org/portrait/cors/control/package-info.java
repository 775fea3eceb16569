/** Which browser origins may call Portrait (docs/browsers.md), decided without the servlet API. */
package org.portrait.cors.control;
