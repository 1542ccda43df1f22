package io.daisi.ws.bench;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The harness's command line: {@code Bench <scenario> [--options]}. Prints progress on
 * stderr, the summary on stdout, and with {@code --json} one JSON line after it.
 * Exit code: 0 clean run, 1 the run finished with problems (failed sockets, missing
 * events...) or could not run, 2 bad command line.
 */
public final class Bench {
    private static final String USAGE = """
            usage: bench.sh <scenario> [--options]      (loopback gateways only)

            common: --gateway URL (default http://127.0.0.1:8080)  --api-key K (auth.secret_token)  --json
            fleet options:
            %s
            %s
            %s
            %s
            %s
            %s
            %s
            exit code: 0 clean run; 1 the run finished with problems (listed under "result") or failed;
                       2 bad command line
            """.formatted(FleetSettings.HELP, ConnectionsScenario.HELP, FanoutScenario.HELP, StreamScenario.HELP,
            IdleScenario.HELP, ConnectScenario.HELP, BurstScenario.HELP);

    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        try {
            Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
            boolean json = o.flag("json");
            Report report = switch (args[0]) {
                case "connections" -> ConnectionsScenario.run(o, runId);
                case "fanout" -> o.has("nats") ? StreamScenario.run("fanout", o, runId) : FanoutScenario.run(o, runId);
                case "latency", "crosspod" -> StreamScenario.run(args[0], o, runId);
                case "idle" -> IdleScenario.run(o, runId);
                case "connect" -> ConnectScenario.run(o, runId);
                case "burst" -> BurstScenario.run(o, runId);
                default -> throw new UsageException("unknown scenario '" + args[0]
                        + "': connections, fanout, latency, crosspod, idle, connect or burst");
            };
            System.out.print(report.human());
            if (json) {
                System.out.println(report.jsonLine());
            }
            return report.ok() ? 0 : 1;
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("run with --help for the options");
            return 2;
        } catch (java.net.ConnectException e) {
            System.err.println("error: cannot connect to the gateway: is it running, and is --gateway right?");
            return 1;
        } catch (Exception e) {
            System.err.println("error: the run failed: " + BenchSocket.describe(e));
            return 1;
        }
    }
}
