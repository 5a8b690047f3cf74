package uk.factorycommons.searchnode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Runs a real single-node OpenSearch 2.19 in this JVM, for development and CI.
 *
 * <p>Usage: {@code Main [--home DIR] [--port N] [--cluster-name NAME] [-E key=value ...]}.
 * Each option falls back to a system property, then an environment variable, then a default:
 * home: {@code -Dopensearch.home}, {@code OPENSEARCH_HOME}, {@code var/opensearch};
 * port: {@code -Dopensearch.port}, {@code OPENSEARCH_PORT}, {@code 9200};
 * cluster name: {@code -Dopensearch.cluster.name}, {@code OPENSEARCH_CLUSTER_NAME}, {@code factorycommons-dev}.
 * {@code -E key=value} adds any other node setting, as the real launcher does.
 *
 * <p>We go through {@link Node} directly rather than the distribution's launcher (Bootstrap):
 * that skips the production bootstrap checks, the jar-hell check, the security manager and the
 * "can not run as root" refusal, which is what lets CI (running as root) use it.
 */
public final class Main {

    /** Node's constructor that accepts classpath plugins is protected, hence this subclass. */
    private static final class DevNode extends Node {
        DevNode(Environment env, Collection<Class<? extends Plugin>> plugins) {
            // true = forbid private index settings, as a production node does.
            super(env, plugins, true);
        }
    }

    /**
     * Modules the distribution would load from its modules/ directory. Referenced as classes so
     * a renamed class (3.x calls them ...ModulePlugin) fails the build instead of silently
     * starting a node without HTTP or without the analysers Wagtail's index settings need.
     */
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class,          // HTTP on http.port (and the transport layer)
        CommonAnalysisPlugin.class   // ngram, edge_ngram, asciifolding, lowercase, ...
    );

    public static void main(String[] args) throws InterruptedException {
        // Log4j must not close itself on SIGTERM before the node has logged its shutdown;
        // our own hook shuts it down last. (The distribution sets this in jvm.options.)
        // This has to happen before anything touches log4j.
        System.setProperty("log4j.shutdownHookEnabled", "false");

        CountDownLatch closed = new CountDownLatch(1);
        try {
            startNode(args, closed);
        } catch (Throwable t) {
            // Exit explicitly: a half-built node can leave non-daemon threads behind, and the
            // JVM would then hang instead of telling run.sh that startup failed. The first
            // line names the cause, which is otherwise buried in the stack trace.
            System.err.println("[FATAL] node failed to start: " + t);
            t.printStackTrace();
            System.exit(1);
        }
        // Node's threads keep the JVM alive anyway; the latch just parks main until the
        // shutdown hook has finished.
        closed.await();
    }

    private static void startNode(String[] args, CountDownLatch closed) throws Exception {
        String home = option("opensearch.home", "OPENSEARCH_HOME", "var/opensearch");
        String port = option("opensearch.port", "OPENSEARCH_PORT", "9200");
        String clusterName = option("opensearch.cluster.name", "OPENSEARCH_CLUSTER_NAME", "factorycommons-dev");
        Settings.Builder extra = Settings.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw usage("missing value after " + arg);
            }
            i++;
            switch (arg) {
                case "--home": home = value; break;
                case "--port": port = value; break;
                case "--cluster-name": clusterName = value; break;
                case "-E": {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw usage("expected -E key=value, got -E " + value);
                    }
                    extra.put(value.substring(0, eq), value.substring(eq + 1));
                    break;
                }
                default: throw usage("unknown argument " + arg);
            }
        }

        Path homeDir = Paths.get(home).toAbsolutePath().normalize();
        Path configDir = homeDir.resolve("config");
        // The node expects the distribution's layout; modules/ and plugins/ stay empty because
        // our modules come from the classpath instead.
        for (String dir : new String[] {"config", "data", "logs", "modules", "plugins"}) {
            Files.createDirectories(homeDir.resolve(dir));
        }
        // LogConfigurator reads log4j2*.properties from config/ and refuses to run without one,
        // so copy ours from the classpath (overwritten each start: config/ is generated state).
        try (InputStream in = Main.class.getResourceAsStream("/log4j2.properties")) {
            if (in == null) {
                throw new IllegalStateException("log4j2.properties missing from the classpath");
            }
            Files.copy(in, configDir.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }

        String nodeName = "node-1";
        Settings settings = Settings.builder()
            .put("path.home", homeDir.toString())
            .put("path.data", homeDir.resolve("data").toString())
            .put("path.logs", homeDir.resolve("logs").toString())
            .put("cluster.name", clusterName)
            .put("node.name", nodeName)
            // One node that elects itself; no cluster bootstrapping or discovery.
            .put("discovery.type", "single-node")
            // Loopback only: this node has no security plugin.
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            // A range, so two nodes (say dev and tests) can run side by side.
            .put("transport.port", "9300-9400")
            // A nearly full disk would otherwise make indices read-only (flood stage).
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put(extra.build())
            .build();

        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), configDir, () -> nodeName);
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(nodeName);
        LogConfigurator.configure(env);

        Node node = new DevNode(env, PLUGINS);
        // SIGTERM/SIGINT run shutdown hooks: close the node so it flushes and releases the
        // data directory's lock, then stop log4j, then let main return.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                e.printStackTrace();
            } finally {
                Configurator.shutdown((LoggerContext) LogManager.getContext(false));
                closed.countDown();
            }
        }, "opensearch-shutdown"));
        node.start();
    }

    /** A system property, else an environment variable, else the default. */
    private static String option(String property, String envVar, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            value = System.getenv(envVar);
        }
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem
            + "\nusage: Main [--home DIR] [--port N] [--cluster-name NAME] [-E key=value ...]");
    }
}
