/**
 * Redis adapters of the ports for cluster mode: session locks with Lua compare-and-set scripts,
 * the kill switch over pattern pub/sub, the token cache, the route registry and pod heartbeats.
 * Connection failures surface as StoreUnavailableException.
 */
package io.daisi.ws.store.redis;
