package iegraph.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.common.DependencyResolver;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Runs Neo4j 5.26 Community embedded, with its Bolt connector on 127.0.0.1, until SIGTERM.
 *
 * <p>This is the real Neo4j kernel, Cypher runtime and Bolt server (the same code the Neo4j
 * server runs), started through {@link DatabaseManagementServiceBuilder} so that tests and CI
 * need nothing but Maven Central. {@code scripts/neo4j} builds and starts it; nothing else
 * should call it directly.
 *
 * <p>Usage: {@code java -cp ... iegraph.neo4j.Launcher HOME PORT READY_FILE}
 *
 * <ul>
 *   <li>HOME: Neo4j's home directory (data/ and logs/ are created inside it).
 *   <li>PORT: the Bolt port on 127.0.0.1; 0 lets the kernel pick a free one. The port really
 *       bound is written to READY_FILE, so there is no race between choosing and binding.
 *   <li>READY_FILE: written (atomically) once Bolt listens and the password is set, with one
 *       line {@code bolt_port=N}. Until then clients must not try to log in: failed logins
 *       count towards Neo4j's lock-out.
 * </ul>
 *
 * <p>The password of user {@code neo4j} comes from the environment variable
 * {@code IEGRAPH_NEO4J_LAUNCH_PASSWORD} (kept off the command line so it does not show in
 * {@code ps}). Authentication stays enabled so tests can check that bad credentials fail.
 * An empty value turns authentication off.
 */
public final class Launcher {

    private static final String PASSWORD_ENV = "IEGRAPH_NEO4J_LAUNCH_PASSWORD";
    private static final String USER = "neo4j";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher HOME PORT READY_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Path readyFile = Path.of(args[2]).toAbsolutePath();
        String password = System.getenv().getOrDefault(PASSWORD_ENV, "");
        boolean auth = !password.isEmpty();

        Files.deleteIfExists(readyFile);
        Files.createDirectories(home);

        Map<Setting<?>, Object> config = new HashMap<>();
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port));
        config.put(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port));
        config.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        config.put(GraphDatabaseSettings.auth_enabled, auth);
        // A test server: small page cache, no preallocated files, transaction logs pruned
        // quickly, so the directory stays small on a 2-core / shared-disk CI machine.
        config.put(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128));
        config.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        config.put(GraphDatabaseSettings.preallocate_store_files, false);
        config.put(GraphDatabaseSettings.keep_logical_logs, "keep_none");
        config.put(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16));
        // Stopping waited ~10 s for Bolt's (already idle) worker pools by default; a test
        // server is stopped after every test run, so wait briefly.
        config.put(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1));
        config.put(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));
        // No network here or in CI: don't try to send usage reports.
        config.put(GraphDatabaseSettings.udc_enabled, false);
        // A runaway test query must not hang the suite for ever.
        config.put(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(5));
        // One query must not eat the machine: a per-transaction memory limit (the server
        // setting db.memory.transaction.max), far below the heap, so a runaway query fails
        // with MemoryPoolOutOfMemoryError instead of exhausting the JVM.
        String txMemory = System.getenv().getOrDefault("IEGRAPH_NEO4J_TX_MEMORY_MB", "256");
        config.put(GraphDatabaseSettings.memory_transaction_max_size,
                ByteUnit.mebiBytes(Long.parseLong(txMemory)));

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        Path extraConf = home.resolve("neo4j.conf");
        if (Files.isRegularFile(extraConf)) {
            // Developer overrides (same keys as the server's neo4j.conf).
            builder.loadPropertiesFromFile(extraConf);
        }
        builder.setConfig(config);

        long started = System.nanoTime();
        DatabaseManagementService service = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT run shutdown hooks: shut the DBMS down cleanly so the store needs no
        // recovery on the next start.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("iegraph-launcher: shutting down Neo4j");
            try {
                service.shutdown();
            } finally {
                stopped.countDown();
                System.out.println("iegraph-launcher: stopped");
            }
        }, "iegraph-neo4j-shutdown"));

        System.out.printf("iegraph-launcher: DBMS started in %.1f s%n", (System.nanoTime() - started) / 1e9);
        GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        if (auth) {
            setPassword(system, password);
        }
        int boltPort = boundBoltPort(system);
        double seconds = (System.nanoTime() - started) / 1e9;

        Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        Files.writeString(tmp, "bolt_port=" + boltPort + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(
                "iegraph-launcher: Neo4j %s ready on bolt://127.0.0.1:%d (auth %s) in %.1f s%n",
                neo4jVersion(), boltPort, auth ? "enabled" : "disabled", seconds);

        stopped.await();
    }

    /**
     * Sets the password of user neo4j and clears "change required".
     *
     * <p>Embedded calls run with full rights, so the administration command works against the
     * system database. Neo4j refuses to "change" a password to the value it already has (on a
     * restart with an existing store); then only the change-required flag is cleared.
     */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains("cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER " + USER + " SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static int boundBoltPort(GraphDatabaseService db) throws IOException {
        DependencyResolver resolver = ((GraphDatabaseAPI) db).getDependencyResolver();
        HostnamePort address =
                resolver.resolveDependency(ConnectorPortRegister.class).getLocalAddress(ConnectorType.BOLT);
        if (address == null) {
            throw new IOException("Bolt connector did not register a local address");
        }
        return address.getPort();
    }

    private static String neo4jVersion() {
        Package p = DatabaseManagementService.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "5.26" : v;
    }
}
