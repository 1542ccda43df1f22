/**
 * Authentication: the reference-compatible AES-256-GCM token codec, user and admin claims,
 * the authenticator with its token-cache port, and constant-time API key checks.
 */
package io.daisi.ws.auth;
