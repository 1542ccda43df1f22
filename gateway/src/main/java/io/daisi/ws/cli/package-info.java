/**
 * The command line (picocli): {@code serve} (the default), {@code token user|admin},
 * {@code check-config}, {@code --version}. Commands read the configuration exactly as the
 * gateway does (file, then {@code DAISI_WS_*}), print their result on stdout and every
 * problem on stderr, so they can be used in scripts.
 */
package io.daisi.ws.cli;
