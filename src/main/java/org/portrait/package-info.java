/** Portrait: a self-hosted, Microsoft Graph-compatible profile photo service. */
package org.portrait;
