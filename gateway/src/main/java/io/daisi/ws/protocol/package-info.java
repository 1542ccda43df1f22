/**
 * The socket and HTTP wire protocol shared by every endpoint: error codes with
 * their HTTP statuses and close codes, the server-to-client frames, and parsing
 * of client frames. Field names match the reference service exactly.
 */
package io.daisi.ws.protocol;
