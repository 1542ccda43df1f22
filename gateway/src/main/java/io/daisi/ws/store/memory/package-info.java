/**
 * In-memory adapters of the ports, for standalone mode and fast unit tests.
 */
package io.daisi.ws.store.memory;
