package eu.eevidence.gw.gateway.channel;

import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.pki.Certificates;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway's own settings of a platform's answer channel (keys of the platforms file's {@code settings}, next to the
 * adapter's). Bad values stop the node at start with {@code EEG-CHN-BAD-SETTINGS}.
 *
 * <ul>
 *   <li>{@code push.clientCertificateSha256}: comma list of SHA-256 fingerprints (hex, colons allowed) of the client
 *       certificates allowed to push for this platform; default: the platform's encryption certificate (as for the
 *       platform API).</li>
 *   <li>{@code push.maxBodyBytes}: bound of a pushed body (default 32 MiB, the HI-1 reader's limit).</li>
 *   <li>{@code poll.interval} (ISO-8601 duration, default {@code PT60S}), {@code poll.maxBackoff} (default {@code PT15M}),
 *       {@code poll.maxAnswers} (1..1000, default 100).</li>
 * </ul>
 */
public record ChannelSettings(Set<String> pushFingerprints, long pushMaxBodyBytes, Duration pollInterval, Duration pollMaxBackoff, int pollMaxAnswers) {

    public static final long DEFAULT_PUSH_MAX = 32L * 1024 * 1024;

    public static ChannelSettings of(Platform p) {
        String pinned = p.settings().get("push.clientCertificateSha256");
        Set<String> fps;
        if (pinned == null || pinned.isBlank()) {
            fps = Set.of(Certificates.sha256Fingerprint(p.encryptionCertificate()));
        } else {
            fps = Arrays.stream(pinned.split(",")).map(s -> s.replace(":", "").trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
            for (String f : fps) {
                if (!f.matches("[0-9a-f]{64}")) {
                    throw bad(p, "push.clientCertificateSha256", "is not a list of SHA-256 fingerprints");
                }
            }
        }
        long max = number(p, "push.maxBodyBytes", DEFAULT_PUSH_MAX, 1, Integer.MAX_VALUE - 16);
        Duration interval = duration(p, "poll.interval", Duration.ofSeconds(60));
        Duration backoff = duration(p, "poll.maxBackoff", Duration.ofMinutes(15));
        int maxAnswers = (int) number(p, "poll.maxAnswers", 100, 1, 1000);
        return new ChannelSettings(fps, max, interval, backoff.compareTo(interval) < 0 ? interval : backoff, maxAnswers);
    }

    private static long number(Platform p, String key, long fallback, long min, long max) {
        String v = p.settings().get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw bad(p, key, "must be " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(p, key, "is not a number");
        }
    }

    private static Duration duration(Platform p, String key, Duration fallback) {
        String v = p.settings().get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(v.trim());
            if (d.isNegative() || d.isZero()) {
                throw bad(p, key, "must be positive");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw bad(p, key, "is not an ISO-8601 duration such as PT30S");
        }
    }

    private static IllegalArgumentException bad(Platform p, String key, String why) {
        return new IllegalArgumentException(ChannelError.CHN_BAD_SETTINGS.code() + " platform " + p.id() + ": setting '" + key + "' " + why);
    }
}
