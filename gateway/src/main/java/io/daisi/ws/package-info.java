/**
 * The gateway's entry point and wiring: {@code Main} reads arguments and
 * configuration and handles signals; {@code Gateway} builds the object graph
 * by hand on the adapters of the selected mode and owns the start/stop order.
 */
package io.daisi.ws;
