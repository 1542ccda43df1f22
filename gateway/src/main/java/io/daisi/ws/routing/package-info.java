/**
 * Routing: who receives what. The local subscription index matches an event's
 * subject to this pod's sockets and reports when the pod starts or stops holding
 * a route; the route registry port records those routes for the other pods.
 */
package io.daisi.ws.routing;
