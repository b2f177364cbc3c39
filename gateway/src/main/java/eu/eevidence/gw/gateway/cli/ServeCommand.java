package eu.eevidence.gw.gateway.cli;

import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.observe.LogFormat;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.gateway.trust.TrustServicesConfig;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.TrustAnchors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import eu.eevidence.gw.gateway.network.NetworkError;
import eu.eevidence.gw.gateway.node.NodeError;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs a gateway node until stopped (Ctrl-C / SIGTERM).",
                "Embedded defaults: Artemis journal, H2 database and a development PKI, all under --data-dir."})
final class ServeCommand implements Callable<Integer> {

    /** SIGTERM: the node gets this long to stop in order (API, routes, broker, database last); then the process ends anyway. */
    static final java.time.Duration STOP_BOUND = java.time.Duration.ofSeconds(30);

    @Option(names = "--data-dir", required = true, description = "Directory for the journal, the database and the development PKI.")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind the HTTPS API to (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--public-url", paramLabel = "https-URL",
            description = "The node's public base URL, e.g. https://gw.at.example:8443: Location and every absolute URL the node returns"
                    + " are built from it, never from a client's Host header (default: https://<host>:<port>).")
    String publicUrl;

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = "Export traces by OTLP over HTTP to this OpenTelemetry collector, e.g. http://collector:4318 (/v1/traces is added"
                    + " when the URL has no path); default: no export (spans are made and traceparent carried, nothing sent).")
    String otlpEndpoint;

    @Option(names = "--alarms-config", paramLabel = "FILE",
            description = "JSON file of the alarms that reach people: SMTP server, webhooks, subscriptions per desk and role (ADR-0030).")
    Path alarmsConfig;

    @Option(names = "--platforms", description = "JSON file listing the platforms this node delivers to (see README, Configuration).")
    Path platformsFile;

    @Option(names = "--jdbc-url", description = "JDBC URL of an external database (PostgreSQL); default: embedded H2 under --data-dir.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:EEG_JDBC_USER}", description = "Database user (or env EEG_JDBC_USER).")
    String jdbcUser;

    @Option(names = "--jdbc-password-file", description = "File holding the database password (or env EEG_JDBC_PASSWORD).")
    Path jdbcPasswordFile;

    @Option(names = "--kek-file", paramLabel = "FILE", description = "The key-encryption key that wraps every request's data key (ADR-0020);"
            + " created with permissions 600 if absent. Default: <data-dir>/keys/kek.bin (or -Deeg.kek.file / env EEG_KEK_FILE).")
    Path kekFile;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text", converter = LogFormats.class,
            description = "Log lines as text (default) or as one JSON object per line: time, level, code, requestId, traceId, logger, thread,"
                    + " message (ADR-0027).")
    LogFormat logFormat = LogFormat.TEXT;

    @Mixin
    ServeKeyOptions keys;

    @Mixin
    ServeAccessOptions access; // ADR-0021

    @Mixin
    ServeEdgeOptions edge; // ADR-0022
    // --- dir: network directory and this node's identity ---
    @Option(names = "--network-directory", paramLabel = "FILE.p7s",
            description = "Signed network directory (peers, platforms); checked every 30 s for a newer version. Needs --node-id, --node-country, --node-role.")
    Path networkDirectory;

    @Option(names = "--network-directory-url", paramLabel = "https-URL",
            description = "Fetch the signed network directory from this https URL (repeatable; e.g. another node's /api/v1/network/directory) every 30 s,"
                    + " over TLS with the node's key and trust anchors; same checks as the file, accepted versions kept in the data dir.")
    List<java.net.URI> networkDirectoryUrls = new java.util.ArrayList<>();

    @Option(names = "--node-id", description = "This node's id in the network directory, e.g. be-247.")
    String nodeId;

    @Option(names = "--node-country", paramLabel = "CC", description = "This node's Party (ISO 3166-1 alpha-2), e.g. BE.")
    String nodeCountry;

    @Option(names = "--node-role", paramLabel = "ROLE", description = "CONTACT_POINT_24_7, CENTRAL_AUTHORITY or ISSUING_AUTHORITY.")
    eu.eevidence.gw.gateway.routing.NodeRole nodeRole;
    // --- end dir ---

    @Override
    public Integer call() throws Exception {
        logFormat.apply();
        if (keys.nodeKeyWithoutTrust()) {
            System.err.println(NodeError.CFG_004.code() + " --node-key needs --trust");
            return 2;
        }
        if (kekFile != null) {
            System.setProperty(eu.eevidence.gw.gateway.infra.NodeKek.PROPERTY, kekFile.toAbsolutePath().toString());
        }
        KeyMaterial key = keys.nodeKey();
        TrustAnchors trust = keys.trust();
        List<PlatformSpec> platforms = platformsFile == null ? List.of() : PlatformsFile.read(platformsFile);
        String password = jdbcUrl == null ? null : new String(Secrets.read(jdbcPasswordFile, "EEG_JDBC_PASSWORD"));
        NodeConfig config = NodeConfig.embedded(dataDir).withHost(host).withPort(port).withDatabase(jdbcUrl, jdbcUser, password).withKeys(key, trust)
                .withPlatforms(platforms);
        try {
            config = config.withAccess(access.settings()).withHttpEdge(edge.settings());
            if (publicUrl != null) {
                config = config.withPublicBaseUrl(publicUrl);
            }
            if (otlpEndpoint != null) {
                config = config.withTracing(eu.eevidence.gw.gateway.observe.TraceSettings.otlp(otlpEndpoint));
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        TrustServicesConfig trustServices = keys.trustServices();
        if (trustServices != null) {
            config = config.withTrustServices(trustServices);
        }
        // --- dir ---
        if (nodeId != null || nodeCountry != null || nodeRole != null || networkDirectory != null || !networkDirectoryUrls.isEmpty()) {
            if (nodeId == null || nodeCountry == null || nodeRole == null) {
                System.err.println(NetworkError.DIR_SELF_MISSING.code()
                        + " give --node-id, --node-country and --node-role together (and with --network-directory)");
                return 2;
            }
            try {
                config = config.withNetwork(new eu.eevidence.gw.gateway.routing.NodeIdentity(nodeId, nodeCountry, nodeRole), List.of())
                        .withNetworkDirectory(networkDirectory == null && networkDirectoryUrls.isEmpty() ? null
                                : new eu.eevidence.gw.gateway.network.DirectorySettings(networkDirectory, networkDirectoryUrls, null));
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        // --- end dir ---
        eu.eevidence.gw.gateway.alert.AlarmsConfig alarms = null;
        if (alarmsConfig != null) {
            try {
                alarms = eu.eevidence.gw.gateway.alert.AlarmsConfig.load(alarmsConfig);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        Files.createDirectories(dataDir);
        GatewayNode node;
        try {
            node = GatewayNode.start(config, null, alarms);
        } catch (Exception e) {
            System.err.println(CliError.NODE_START_FAILED.code() + " " + StartFailure.explain(e));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            GracefulStop.run(node, STOP_BOUND);
            stopped.countDown();
        }, "eeg-shutdown"));
        say(NodeError.NODE_READY.code() + " " + node.baseUrl() + "  (health: " + node.baseUrl() + "/health, API: " + node.baseUrl()
                + "/api/v1/requests)");
        say(CliError.CONSOLE_URL.code() + " " + node.baseUrl() + "/console/  (web console: open it in a browser that presents the"
                + " person's client certificate)");
        if (node.devPki() != null) {
            Path pki = node.devPki().directory();
            say(CliError.DEV_PKI.code() + " development PKI: " + pki.toAbsolutePath() + " (root ca.pem; contact-point.p12 for a client; password in "
                    + pki.resolve("password") + ")");
        }
        stopped.await();
        return 0;
    }

    /** A line for the operator: on standard output as text; with --log-format json, a JSON log line like the others. */
    private void say(String line) {
        if (logFormat == LogFormat.JSON) {
            org.slf4j.LoggerFactory.getLogger(ServeCommand.class).info("{}", line);
        } else {
            System.out.println(line);
        }
    }

    /** text or json, in any case. */
    static final class LogFormats implements picocli.CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return LogFormat.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }
}
