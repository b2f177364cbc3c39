package eu.eevidence.gw.gateway.network;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where a node gets its signed network directory and how often it checks for a newer version
 * (the {@code networkDirectory} component of the node's configuration).
 *
 * @param file          the deployed signed file ({@code directory.p7s}); null: URLs only
 * @param urls          https URLs to fetch it from (e.g. another node's {@code /api/v1/network/directory}); empty: the file only
 * @param checkInterval how often the file and URLs are checked; null: {@link #DEFAULT_CHECK}
 */
public record DirectorySettings(Path file, List<URI> urls, Duration checkInterval) {

    /** How often the sources are checked by default. */
    public static final Duration DEFAULT_CHECK = Duration.ofSeconds(30);

    public DirectorySettings {
        urls = urls == null ? List.of() : List.copyOf(urls);
        urls.forEach(DirectoryFetcher::check);
        if (file == null && urls.isEmpty()) {
            throw new IllegalArgumentException(NetworkError.DIR_UNAVAILABLE.code() + " give a network directory file or at least one URL");
        }
        checkInterval = checkInterval == null ? DEFAULT_CHECK : checkInterval;
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException(NetworkError.DIR_INVALID.code() + " the directory check interval must be positive");
        }
    }

    /** The deployed file only, checked every {@link #DEFAULT_CHECK}. */
    public static DirectorySettings file(Path file) {
        return new DirectorySettings(file, List.of(), null);
    }

    /** These settings with {@code newUrls}. */
    public DirectorySettings withUrls(List<URI> newUrls) {
        return new DirectorySettings(file, newUrls, checkInterval);
    }

    /** These settings checked every {@code interval}. */
    public DirectorySettings withCheckInterval(Duration interval) {
        return new DirectorySettings(file, urls, interval);
    }
}
