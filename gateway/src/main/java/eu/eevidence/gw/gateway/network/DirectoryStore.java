package eu.eevidence.gw.gateway.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.FileSecurity;
import eu.eevidence.gw.pki.SignerValidator;
import eu.eevidence.gw.schema.codec.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The node's network directory: loads the signed file from its configured path, verifies it
 * ({@link VerifiedDirectory#verify}) and keeps it in use until a newer valid version replaces it.
 *
 * <p>Rollback and replay protection: the version and SHA-256 of the accepted directory, and a copy of its signed
 * bytes, are persisted in {@code stateDir/directory-state.json} (written atomically) before the new directory is used.
 * A file whose version is lower than the accepted one is refused ({@code EEG-DIR-ROLLBACK}), one with the same version
 * but other content too ({@code EEG-DIR-CONFLICT}); so is an expired one ({@code EEG-DIR-EXPIRED}, from the injected
 * clock). After a restart the accepted version still holds, and the persisted copy is the last good directory when the
 * configured file is refused.
 *
 * <p>A refused update never replaces the directory in use: the store logs one operator line with the code and keeps
 * the last good one. {@link #reload()} checks the file now (tests call it directly); {@link #startPolling(Duration)}
 * checks it periodically (cheap when the file did not change).
 */
public final class DirectoryStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryStore.class);
    private static final String STATE_FILE = "directory-state.json";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = JsonCodec.canonicalMapper();

    /** A node-specific rule a directory must also pass (e.g. this node's own entry is listed). */
    @FunctionalInterface
    public interface Acceptance {
        /** @throws NetworkException with an EEG-DIR code when {@code d} is not acceptable for this node */
        void check(VerifiedDirectory d) throws NetworkException;
    }

    /** Where signed directories come from: the deployed file ({@link #file}) or a URL ({@link DirectoryFetcher}). */
    public interface Source {
        /** For log lines: the path or URL. */
        String name();

        /**
         * The signed bytes as the source has them now (at most {@link NetworkDirectory#MAX_BYTES}).
         *
         * @param currentSha256 the content hash of the directory in use (null: none), for a conditional fetch
         * @return the bytes, or null when the source says it holds exactly the directory in use
         * @throws NetworkException {@code EEG-DIR-UNREADABLE}, {@code EEG-DIR-FETCH}, {@code EEG-DIR-TOO-LARGE}
         */
        byte[] read(String currentSha256) throws NetworkException;
    }

    /** The signed directory file at {@code file}. */
    public static Source file(Path file) {
        Objects.requireNonNull(file, "file");
        return new Source() {
            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public byte[] read(String currentSha256) throws NetworkException {
                return readFile(file);
            }
        };
    }

    /** What this node accepted last: version and content hash (persisted). */
    public record Accepted(long version, String sha256) {
    }

    private final List<Source> sources;
    private final Path stateDir;
    private final SignerValidator trust;
    private final CmsProfile cms;
    private final Clock clock;
    private final Acceptance acceptance;
    private final List<Consumer<VerifiedDirectory>> listeners = new CopyOnWriteArrayList<>();
    private volatile VerifiedDirectory current;
    private volatile Accepted accepted;
    /** The last refusal logged per source: one operator line per distinct refusal, not one per poll. */
    private final Map<String, String> lastRefusal = new ConcurrentHashMap<>();
    private volatile boolean expiryLogged;
    private ScheduledExecutorService poller;

    private DirectoryStore(List<Source> sources, Path stateDir, SignerValidator trust, CmsProfile cms, Clock clock, Acceptance acceptance) {
        this.acceptance = acceptance == null ? d -> { } : acceptance;
        this.sources = List.copyOf(sources);
        if (this.sources.isEmpty()) {
            throw new IllegalArgumentException(NetworkError.DIR_UNAVAILABLE.code() + " no directory file or URL configured");
        }
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.cms = Objects.requireNonNull(cms, "cms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Opens the store: reads the persisted state, takes its copy as the last good directory when it still verifies and
     * has not expired, then checks the configured file.
     *
     * @param file     the signed directory ({@code .p7s}) as the operator deploys it
     * @param stateDir where the accepted version, hash and copy are kept (under the node's data dir)
     * @param trust    the network's trust anchors (the signer must also carry {@link eu.eevidence.gw.pki.Role#DIRECTORY})
     * @throws NetworkException when no valid directory is available at all (the configured file's refusal code), or
     *                          {@code EEG-DIR-STATE} when the persisted state is unreadable
     */
    public static DirectoryStore open(Path file, Path stateDir, SignerValidator trust, CmsProfile cms, Clock clock) throws NetworkException {
        return open(file, stateDir, trust, cms, clock, null);
    }

    /** As {@link #open(Path, Path, SignerValidator, CmsProfile, Clock)}, every directory also passing {@code acceptance}. */
    public static DirectoryStore open(Path file, Path stateDir, SignerValidator trust, CmsProfile cms, Clock clock, Acceptance acceptance)
            throws NetworkException {
        return open(List.of(file(file)), stateDir, trust, cms, clock, acceptance);
    }

    /**
     * As {@link #open(Path, Path, SignerValidator, CmsProfile, Clock, Acceptance)} with several sources (a deployed file
     * and/or URLs), checked in their order: each one's newer valid version is accepted, each refusal is logged per
     * source. The persisted copy makes a restart independent of the sources being reachable.
     */
    public static DirectoryStore open(List<Source> sources, Path stateDir, SignerValidator trust, CmsProfile cms, Clock clock, Acceptance acceptance)
            throws NetworkException {
        DirectoryStore store = new DirectoryStore(sources, stateDir, trust, cms, clock, acceptance);
        store.loadState();
        try {
            store.reload();
        } catch (NetworkException e) {
            if (store.current == null) {
                throw e;
            }
        }
        if (store.current == null) {
            throw new NetworkException(NetworkError.DIR_UNAVAILABLE.code(), "no valid network directory in "
                    + store.sources.stream().map(Source::name).toList());
        }
        return store;
    }

    private void loadState() throws NetworkException {
        Path state = stateDir.resolve(STATE_FILE);
        if (!Files.exists(state)) {
            return;
        }
        byte[] signed;
        try {
            JsonNode n = JsonCodec.strictMapper().readTree(Files.readAllBytes(state));
            long version = n.path("version").asLong(-1);
            String sha = n.path("sha256").asText("");
            if (version < 1 || !HEX64.matcher(sha).matches() || !n.path("signed").isTextual()) {
                throw new NetworkException(NetworkError.DIR_STATE.code(), "the directory state " + state + " is not valid; restore it from a backup "
                        + "(deleting it gives up rollback protection)");
            }
            accepted = new Accepted(version, sha);
            signed = Base64.getDecoder().decode(n.get("signed").asText());
        } catch (IOException | IllegalArgumentException e) {
            throw new NetworkException(NetworkError.DIR_STATE.code(), "the directory state " + state + " cannot be read: " + e.getClass().getSimpleName());
        }
        try {
            VerifiedDirectory kept = VerifiedDirectory.verify(cms, signed, trust, clock.instant());
            acceptance.check(kept);
            if (kept.version() != accepted.version() || !kept.contentSha256().equals(accepted.sha256())) {
                LOG.warn(NetworkError.DIR_STATE.code() + " the kept copy (version {}) does not match the accepted version {}; not used", kept.version(),
                        accepted.version());
            } else {
                current = kept;
            }
        } catch (NetworkException e) {
            LOG.warn("{} the kept copy of directory version {} is no longer usable: {}", e.code(), accepted.version(), e.getMessage());
        }
    }

    /**
     * Checks the configured sources now, in order. A valid newer version replaces the directory in use (after the
     * state is persisted) and listeners are told; the same bytes again are a no-op.
     *
     * @return true when a new version was accepted
     * @throws NetworkException why a source was refused (the first refusal, when no source gave the current or a newer
     *                          version; a lagging source among up-to-date ones is only logged; the directory in use,
     *                          if any, stays)
     */
    public synchronized boolean reload() throws NetworkException {
        boolean changed = false;
        boolean answered = false;
        NetworkException refused = null;
        for (Source source : sources) {
            try {
                changed |= reloadOrRefuse(source);
                answered = true;
                lastRefusal.remove(source.name());
            } catch (NetworkException e) {
                String line = e.code() + " " + e.getMessage();
                if (!line.equals(lastRefusal.put(source.name(), line))) { // one operator line per distinct refusal, not one per poll
                    VerifiedDirectory c = current;
                    LOG.warn("{} directory update from {} refused: {}; {}", e.code(), source.name(), e.getMessage(),
                            c == null ? "no directory in use" : "keeping version " + c.version());
                }
                if (refused == null) {
                    refused = e;
                }
            }
        }
        if (!answered && refused != null) {
            throw refused; // no source gave a new or the current version: the first refusal
        }
        return changed;
    }

    private boolean reloadOrRefuse(Source source) throws NetworkException {
        VerifiedDirectory c = current;
        byte[] bytes = source.read(c == null ? null : c.contentSha256());
        if (c != null && (bytes == null || Arrays.equals(bytes, c.signedBytes()))) {
            return false;
        }
        VerifiedDirectory next = VerifiedDirectory.verify(cms, bytes, trust, clock.instant());
        Accepted a = accepted;
        if (a != null) {
            if (next.version() < a.version()) {
                throw new NetworkException(NetworkError.DIR_ROLLBACK.code(), "version " + next.version() + " is older than the accepted version "
                        + a.version());
            }
            if (next.version() == a.version()) {
                if (!next.contentSha256().equals(a.sha256())) {
                    throw new NetworkException(NetworkError.DIR_CONFLICT.code(), "version " + next.version() + " has other content (sha256 "
                            + next.contentSha256() + ") than the accepted one (" + a.sha256() + ")");
                }
                if (c != null) {
                    return false; // the same directory signed again
                }
            }
        }
        acceptance.check(next);
        persist(next);
        accepted = new Accepted(next.version(), next.contentSha256());
        current = next;
        expiryLogged = false;
        LOG.info(NetworkError.DIR_ACCEPTED.code() + " network directory {} from {}", next.summary(), source.name());
        for (Consumer<VerifiedDirectory> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.warn(NetworkError.DIR_LISTENER.code() + " a directory listener failed: {}", e.getClass().getSimpleName());
            }
        }
        return true;
    }

    private static byte[] readFile(Path file) throws NetworkException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(NetworkDirectory.MAX_BYTES + 1);
            if (b.length > NetworkDirectory.MAX_BYTES) {
                throw new NetworkException(NetworkError.DIR_TOO_LARGE.code(), file + " exceeds " + NetworkDirectory.MAX_BYTES + " bytes");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new NetworkException(NetworkError.DIR_UNREADABLE.code(), "no directory file " + file);
        } catch (IOException e) {
            throw new NetworkException(NetworkError.DIR_UNREADABLE.code(), "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private void persist(VerifiedDirectory d) throws NetworkException {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", d.version());
        n.put("sha256", d.contentSha256());
        n.put("acceptedAt", clock.instant().toString());
        n.put("signed", Base64.getEncoder().encodeToString(d.signedBytes()));
        try {
            FileSecurity.writeOwnerOnly(stateDir.resolve(STATE_FILE), JSON.writeValueAsBytes(n)); // temporary file + atomic move
        } catch (IOException e) {
            throw new NetworkException(NetworkError.DIR_STATE.code(), "cannot persist the accepted directory in " + stateDir + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** The directory in use (never null once opened). */
    public VerifiedDirectory current() {
        return current;
    }

    /** The accepted version and hash. */
    public Accepted accepted() {
        return accepted;
    }

    /** True when the directory in use is past its {@code validUntil} (it stays in use; the node logs EEG-DIR-EXPIRED). */
    public boolean expired() {
        return !current.directory().validUntil().isAfter(clock.instant());
    }

    /** Called with every newly accepted directory (on the thread that reloaded). */
    public void onChange(Consumer<VerifiedDirectory> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Checks the sources every {@code period} on a daemon thread, until {@link #close()}. */
    public synchronized DirectoryStore startPolling(Duration period) {
        if (poller != null) {
            return this;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eeg-directory-poll");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, period.toMillis());
        poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    private void poll() {
        try {
            reload();
        } catch (NetworkException e) {
            // logged once by reload()
        } catch (RuntimeException e) {
            LOG.warn(NetworkError.DIR_POLL.code() + " directory check failed: {}", e.getClass().getSimpleName());
        }
        if (expired() && !expiryLogged) {
            expiryLogged = true;
            LOG.warn(NetworkError.DIR_EXPIRED.code() + " the directory in use (version {}) expired at {}; it stays in use until a newer one is deployed",
                    current.version(), current.directory().validUntil());
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
