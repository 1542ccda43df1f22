package io.daisi.ws.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made at test time with the {@code openssl} command line: a CA, and
 * certificates it signs for 127.0.0.1/localhost usable as server and as client certificates.
 * Keys are PEM PKCS#8 (what the gateway reads). Nothing is checked in.
 */
public final class TestCertificates {

    /** A certificate chain file and its private key file. */
    public record Pem(Path cert, Path key) {
    }

    private final Path dir;
    private final Pem ca;

    private TestCertificates(Path dir, Pem ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A new CA in a temporary directory, deleted when the test JVM exits. */
    public static TestCertificates newAuthority(String name) {
        Path dir = TempDirs.create("daisi-ws-pki");
        Reaper.watch(dir);
        Pem ca = new Pem(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", ca.key().toString(), "-out", ca.cert().toString(), "-days", "3650",
                "-subj", "/CN=" + name);
        return new TestCertificates(dir, ca);
    }

    public Path caCert() {
        return ca.cert();
    }

    /** A certificate signed by this CA for {@code 127.0.0.1} and {@code localhost}, server and client use. */
    public Pem issue(String name) {
        Pem pem = new Pem(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        Path csr = dir.resolve(name + ".csr");
        Path extensions = dir.resolve(name + ".ext");
        write(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", pem.key().toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(),
                "-CAkey", ca.key().toString(), "-set_serial", Long.toString(System.nanoTime() & Long.MAX_VALUE),
                "-days", "3650", "-extfile", extensions.toString(), "-out", pem.cert().toString());
        return pem;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Binaries.find("openssl", Path.of("/usr/bin/openssl")).toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
