/**
 * Configuration: records mirroring {@code config/config.yaml}, the loader that
 * layers the file and {@code DAISI_WS_*} environment variables over the built-in
 * defaults, validation that names the bad key, and live reload on file change or SIGHUP.
 */
package io.daisi.ws.config;
