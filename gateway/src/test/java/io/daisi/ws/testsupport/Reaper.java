package io.daisi.ws.testsupport;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kills the server processes and deletes the directories a test run leaves behind:
 * a test that fails before close(), or a run aborted with Ctrl-C, must not leave
 * servers running that hold ports and disk.
 */
final class Reaper {

    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::reap, "test-server-reaper"));
    }

    private Reaper() {
    }

    static void watch(Process process) {
        PROCESSES.add(process);
    }

    static void forget(Process process) {
        PROCESSES.remove(process);
    }

    static void watch(Path dir) {
        DIRS.add(dir);
    }

    static void forget(Path dir) {
        DIRS.remove(dir);
    }

    private static void reap() {
        PROCESSES.forEach(Process::destroyForcibly);
        for (Process process : PROCESSES) {
            try {
                // the directory can only go once nothing writes into it any more
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Path dir : DIRS) {
            try {
                TempDirs.delete(dir);
            } catch (RuntimeException e) {
                System.err.println("test-server-reaper: " + e.getMessage());
            }
        }
    }
}
