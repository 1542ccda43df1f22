/**
 * Adapters of the ports to real stores: {@code store.redis} for cluster mode,
 * {@code store.memory} for standalone mode and unit tests.
 */
package io.daisi.ws.store;
