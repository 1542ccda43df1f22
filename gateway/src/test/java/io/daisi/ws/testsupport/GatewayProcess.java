package io.daisi.ws.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The gateway as an operator runs it: a separate JVM, configured only by the environment given. */
public final class GatewayProcess {
    private GatewayProcess() {
    }

    /** Starts {@code io.daisi.ws.Main} in {@code workDir}, output in {@code stdout.log} / {@code stderr.log} there. */
    public static Process launch(Path workDir, Map<String, String> env, String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                javaBin, "-Xmx256m",
                // the shipped logging (JSON on stdout), not the tests' file logging on the classpath
                "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"), "io.daisi.ws.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.log").toFile())
                .redirectError(workDir.resolve("stderr.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DAISI_WS_"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
