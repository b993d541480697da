package dev.checklistbot.slack;

import dev.checklistbot.testing.Await;
import dev.checklistbot.cli.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several real {@code checklist-bot serve} processes (separate JVMs) on one database, as replicas behind a load
 * balancer or a rolling deploy's old and new process would be, all talking to one fake Slack Web API. Requests are
 * spread over them round-robin, as a load balancer (or Slack's Socket Mode connections) would.
 */
final class ServeProcesses implements AutoCloseable {
    /** One serve process. */
    record Serve(Process process, int port, Path log) {
    }

    private final List<Serve> serves = new ArrayList<>();
    private final List<SignedSlack> clients = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Path dir;
    private final Map<String, String> env;

    /**
     * @param database CHECKLIST_BOT_DB for every process (a SQLite file or a PostgreSQL URL)
     * @param extraEnv more settings (the database's user and password, ...)
     */
    ServeProcesses(Path dir, FakeSlack slack, String database, Map<String, String> extraEnv, int count) throws Exception {
        this.dir = dir;
        this.env = new java.util.HashMap<>(extraEnv);
        env.put("SLACK_BOT_TOKEN", BotHarness.BOT_TOKEN);
        env.put("SLACK_SIGNING_SECRET", BotHarness.SECRET);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("CHECKLIST_BOT_DB", database);
        env.put("SUMMARY_CHANNEL", BotHarness.SUMMARY_CHANNEL);
        for (int i = 0; i < count; i++) {
            start();
        }
    }

    /** Starts one more process and waits until its /health answers 200. */
    Serve start() throws Exception {
        int port = freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--bind", "127.0.0.1", "--port", Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("CHECKLIST")
                || k.startsWith("DISCORD_") || k.equals("PORT") || k.equals("SUMMARY_CHANNEL") || k.equals("COMMAND_NAME"));
        builder.environment().putAll(env);
        Path log = dir.resolve("serve-" + serves.size() + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        Serve serve = new Serve(process, port, log);
        serves.add(serve);
        clients.add(new SignedSlack(BotHarness.SECRET, port));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Await.until("serve on port " + port + " healthy (log: " + log + ")", Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("serve exited " + process.exitValue() + ": " + read(log));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return serve;
    }

    /** The next process's client, round-robin over the processes still alive. */
    SignedSlack next() {
        for (int tries = 0; tries < serves.size(); tries++) {
            int i = Math.floorMod(next.getAndIncrement(), serves.size());
            if (serves.get(i).process().isAlive()) {
                return clients.get(i);
            }
        }
        throw new IllegalStateException("no serve process is alive");
    }

    SignedSlack client(int i) {
        return clients.get(i);
    }

    Serve serve(int i) {
        return serves.get(i);
    }

    /** Kills process {@code i} as {@code kill -9} would: no shutdown hook, nothing released. */
    void kill(int i) throws InterruptedException {
        Process process = serves.get(i).process();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Serve serve : serves) {
            serve.process().destroy();
        }
        for (Serve serve : serves) {
            try {
                if (!serve.process().waitFor(10, TimeUnit.SECONDS)) {
                    serve.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                serve.process().destroyForcibly();
            }
        }
    }
}
