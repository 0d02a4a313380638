package org.gazette.opensearchlocal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.gazette.analysis.GazetteAnalysisPlugin;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts one real OpenSearch node in this JVM, with the HTTP transport and the common analysis plugin
 * (language analyzers), and keeps it running until the process is told to stop (SIGTERM / SIGINT).
 *
 * Usage: LocalOpenSearch <home-dir> <http-port> [<transport-port> <seed-transport-ports>]
 * With two arguments, a single-node cluster. With four, a node of a cluster on loopback: it listens for
 * its peers on <transport-port>, finds them on <seed-transport-ports> (comma-separated; every node's,
 * its own included), and the first election is among the nodes named by those ports ("node-<port>").
 * Prints "opensearch-local: started on <port>" once the node has started; the caller then waits for
 * /_cluster/health itself. Settings in <home-dir>/config/opensearch.yml are added; when they configure
 * the security plugin (plugins.security.*), the plugin is loaded too.
 */
public final class LocalOpenSearch {
    private static final String CLUSTER_NAME = "gazette-local";

    /** Node with the plugins given explicitly on the classpath (no plugin directory needed). */
    private static final class ClasspathPluginNode extends Node {
        ClasspathPluginNode(Environment environment, List<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }

        // The default listener installs a static node-id logger once per JVM; a no-op keeps restarts simple.
        @Override
        protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {}
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 4) {
            System.err.println("usage: LocalOpenSearch <home-dir> <http-port> [<transport-port> <seed-transport-ports>]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String httpPort = args[1];
        boolean clustered = args.length == 4;
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("config"));

        Settings.Builder builder = Settings.builder()
                .put("cluster.name", CLUSTER_NAME)
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", true);
        if (clustered) {
            List<String> seedPorts = List.of(args[3].split(","));
            builder.put("node.name", "node-" + args[2])
                    .put("transport.port", args[2])
                    .putList("discovery.seed_hosts", seedPorts.stream().map(port -> "127.0.0.1:" + port).toList())
                    .putList("cluster.initial_cluster_manager_nodes", seedPorts.stream().map(port -> "node-" + port).toList());
        } else {
            builder.put("node.name", CLUSTER_NAME + "-" + httpPort)
                    .put("discovery.type", "single-node")
                    .put("transport.port", "0")
                    .put("cluster.default_number_of_replicas", 0);
        }
        // Settings of the caller's (the security plugin's: certificates, admin DN) in config/opensearch.yml.
        Path extra = home.resolve("config").resolve("opensearch.yml");
        if (Files.exists(extra)) {
            builder.loadFromPath(extra);
        }
        boolean secured = !builder.build().getByPrefix("plugins.security.").isEmpty();
        // Plain Netty transports, unless the security plugin is on: it brings its own, with TLS.
        if (!secured) {
            builder.put("http.type", "netty4").put("transport.type", "netty4");
        }
        Settings settings = builder.build();

        List<Class<? extends Plugin>> plugins = new ArrayList<>(
                List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, MapperExtrasPlugin.class,
                        GazetteAnalysisPlugin.class));
        // The security plugin, when the caller configured it (its jars are then on the classpath).
        if (secured) {
            plugins.add(Class.forName("org.opensearch.security.OpenSearchSecurityPlugin").asSubclass(Plugin.class));
        }
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
                settings, Collections.emptyMap(), home.resolve("config"), () -> CLUSTER_NAME);
        Node node = new ClasspathPluginNode(environment, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("opensearch-local: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "opensearch-local-shutdown"));
        // Started by tools/opensearch-local with a pipe on stdin: the pipe closes when that process ends,
        // however it ends (a crash, SIGKILL), and the node then stops too instead of running on, orphaned.
        if (Boolean.getBoolean("gazette.stopWithParent")) {
            Thread watchdog = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {
                        // Nothing is sent: only the end of the stream matters.
                    }
                } catch (IOException e) {
                    // A broken pipe ends it the same way.
                }
                System.err.println("opensearch-local: the process that started this node has ended; stopping");
                System.exit(0);
            }, "opensearch-local-parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        node.start();
        System.out.println("opensearch-local: started on " + httpPort);
        System.out.flush();
        stopped.await();
    }
}
