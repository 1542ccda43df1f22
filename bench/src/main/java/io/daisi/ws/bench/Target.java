package io.daisi.ws.bench;

/** Where one client socket goes and as whom. */
record Target(String company, String agent, String user) {
}
