package eu.eevidence.gw.adapter.portal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PortalHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import eu.eevidence.gw.adapter.api.AdapterError;

/**
 * OAuth 2.0 client-credentials grant (RFC 6749 section 4.4) for portals that want a bearer token: the client
 * authenticates with HTTP Basic (section 2.3.1); the token is cached per token endpoint and client until 30 s before
 * it expires, and dropped when the portal answers 401. Destination settings: {@code oauth2.tokenUri} (absolute, or
 * relative to the portal endpoint), {@code oauth2.clientId}, {@code oauth2.clientSecretFile} (preferred) or
 * {@code oauth2.clientSecret}, {@code oauth2.scope} (optional). The secret is never logged.
 *
 * <p>Token endpoint faults: time-out, I/O, 408, 429, 5xx, and an unreadable answer are retryable
 * ({@code EEG-AUTH-TOKEN-UNAVAILABLE}, {@code EEG-AUTH-BAD-TOKEN-RESPONSE}); 400/401/403 mean the node's client is not
 * accepted: {@code EEG-AUTH-CLIENT-REJECTED}, rejected (no blind retry; an operator must fix the credentials).
 */
final class OAuth2ClientCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2ClientCredentials.class);
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final PortalHttp http;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    OAuth2ClientCredentials(PortalHttp http, Clock clock, ObjectMapper json) {
        this.http = http;
        this.clock = clock;
        this.json = json;
    }

    private record Token(String value, Instant expiresAt) {
    }

    /** A bearer token, or the outcome to return instead. */
    sealed interface Result {
        record Bearer(String token) implements Result {
        }

        record Failed(DeliveryOutcome outcome) implements Result {
        }
    }

    /** Whether the destination uses OAuth at all. */
    static boolean configured(DeliveryRequest.Destination d) {
        return d.setting("oauth2.tokenUri", null) != null;
    }

    Result token(DeliveryRequest.Destination d, boolean forceNew) {
        String tokenUri = d.setting("oauth2.tokenUri", null);
        String clientId = d.setting("oauth2.clientId", null);
        Optional<String> secret = secret(d);
        if (tokenUri == null || clientId == null || secret.isEmpty()) {
            return new Result.Failed(new DeliveryOutcome.Rejected(AdapterError.ADP_CONFIG.code(), "platform " + d.platformId()
                    + " lacks oauth2.clientId or a readable oauth2.clientSecretFile / oauth2.clientSecret", 0));
        }
        String key = d.platformId() + "|" + tokenUri + "|" + clientId;
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Token cached = cache.get(key);
            if (!forceNew && cached != null && clock.instant().isBefore(cached.expiresAt().minus(SKEW))) {
                return new Result.Bearer(cached.value());
            }
            cache.remove(key);
            Result r = fetch(d, d.endpoint().resolve(tokenUri), clientId, secret.get(), key);
            return r;
        }
    }

    void invalidate(DeliveryRequest.Destination d) {
        cache.keySet().removeIf(k -> k.startsWith(d.platformId() + "|"));
    }

    private Result fetch(DeliveryRequest.Destination d, URI uri, String clientId, String secret, String key) {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        String scope = d.setting("oauth2.scope", null);
        if (scope != null) {
            form.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        PortalHttp.Exchange ex = http.exchange(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())), d.tls());
        if (ex instanceof PortalHttp.Exchange.Failed f) {
            LOG.warn(PortalError.AUTH_TOKEN_UNAVAILABLE.code() + " token endpoint of {} failed: {}", d.platformId(), f.code());
            return new Result.Failed(new DeliveryOutcome.RetryableFailure(PortalError.AUTH_TOKEN_UNAVAILABLE.code(), "the token endpoint failed: "
                    + f.reason(), null));
        }
        PortalHttp.Exchange.Answered a = (PortalHttp.Exchange.Answered) ex;
        int status = a.status();
        if (status == 400 || status == 401 || status == 403) {
            LOG.error(PortalError.AUTH_CLIENT_REJECTED.code() + " token endpoint of {} refused the node's client ({})", d.platformId(), status);
            return new Result.Failed(new DeliveryOutcome.Rejected(PortalError.AUTH_CLIENT_REJECTED.code(),
                    "the portal's token endpoint refused the node's client credentials ("
                    + status + ")", status));
        }
        if (status < 200 || status >= 300) {
            return new Result.Failed(new DeliveryOutcome.RetryableFailure(PortalError.AUTH_TOKEN_UNAVAILABLE.code(), "the token endpoint answered " + status,
                    PortalHttp.retryAfter(a.headers()).orElse(null)));
        }
        try {
            JsonNode n = json.readTree(a.body());
            JsonNode token = n == null ? null : n.get("access_token");
            JsonNode type = n == null ? null : n.get("token_type");
            JsonNode expires = n == null ? null : n.get("expires_in");
            if (token == null || !token.isTextual() || token.asText().isBlank() || type == null || !"bearer".equalsIgnoreCase(type.asText())
                    || (expires != null && (!expires.canConvertToLong() || expires.asLong() <= 0))) {
                return badToken();
            }
            long seconds = expires == null ? 300 : Math.min(expires.asLong(), 86_400);
            cache.put(key, new Token(token.asText(), clock.instant().plusSeconds(seconds)));
            return new Result.Bearer(token.asText());
        } catch (IOException e) {
            return badToken();
        }
    }

    private static Result badToken() {
        return new Result.Failed(new DeliveryOutcome.RetryableFailure(PortalError.AUTH_BAD_TOKEN_RESPONSE.code(),
                "the token endpoint's answer lacks a bearer access_token or a valid expires_in", null));
    }

    private static Optional<String> secret(DeliveryRequest.Destination d) {
        String file = d.setting("oauth2.clientSecretFile", null);
        if (file != null) {
            try {
                return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty());
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(d.setting("oauth2.clientSecret", null));
    }
}
