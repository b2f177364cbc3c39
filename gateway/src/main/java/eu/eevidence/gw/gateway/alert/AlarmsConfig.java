package eu.eevidence.gw.gateway.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The alarms configuration file of {@code serve --alarms-config FILE} (format in docs/configuration.md): where links
 * point, the digest interval, the retry bounds, the SMTP server and the subscribers. Relative file names are resolved
 * against the file's folder; secrets are read from their own files and never logged.
 */
public record AlarmsConfig(URI linkBase, Duration digestEvery, Duration dispatchEvery, Retry retry, Smtp smtp,
                           List<Subscriber> subscribers) {

    /** Bounded retries of one send: exponential back-off from {@code first}, capped at {@code max}, with jitter. */
    public record Retry(int maxAttempts, Duration first, Duration max, double jitter) {
        public static final Retry DEFAULT = new Retry(8, Duration.ofSeconds(5), Duration.ofMinutes(30), 0.2);

        /** The wait after failed attempt {@code attempt} (1-based), with {@code random} in [0, 1) for the jitter. */
        public Duration delayAfter(int attempt, double random) {
            double base = first.toMillis() * Math.pow(2, Math.max(0, attempt - 1));
            double capped = Math.min(base, max.toMillis());
            double jittered = capped * (1 + jitter * (2 * random - 1));
            return Duration.ofMillis(Math.max(1, Math.round(jittered)));
        }
    }

    /** The SMTP submission server: STARTTLS is always required; {@code trust} a PEM file of CAs (null: JDK default). */
    public record Smtp(String host, int port, String from, String user, char[] password, Path trust, Duration timeout) {
        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + "]"; // never the password
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public AlarmsConfig {
        subscribers = List.copyOf(subscribers);
    }

    /** Reads and checks the file; a problem is an {@link IllegalArgumentException} starting with EEG-ALM-CONFIG. */
    public static AlarmsConfig load(Path file) {
        try {
            JsonNode root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return parse(root, file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw bad(file.getFileName() + " cannot be read as JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    static AlarmsConfig parse(JsonNode root, Path dir) {
        if (root == null || !root.isObject()) {
            throw bad("the file must hold one JSON object");
        }
        URI link;
        try {
            link = URI.create(text(root, "linkBase", true));
        } catch (IllegalArgumentException e) {
            throw bad("linkBase is not a URL");
        }
        if (!"https".equals(link.getScheme()) || link.getHost() == null) {
            throw bad("linkBase must be an https URL (the node's public URL)");
        }
        Duration digest = duration(root, "digestEvery", Duration.ofHours(1));
        Duration dispatch = duration(root, "dispatchEvery", Duration.ofSeconds(5));
        Retry retry = retry(root.get("retry"));
        Smtp smtp = root.hasNonNull("smtp") ? smtp(root.get("smtp"), dir) : null;
        List<Subscriber> subscribers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        JsonNode list = root.get("subscribers");
        if (list == null || !list.isArray()) {
            throw bad("subscribers must be a list");
        }
        for (JsonNode s : list) {
            Subscriber sub = subscriber(s, dir);
            if (!ids.add(sub.id())) {
                throw bad("subscriber id " + sub.id() + " appears twice");
            }
            if (sub.channel() instanceof Subscriber.Mail && smtp == null) {
                throw bad("subscriber " + sub.id() + " wants e-mail but no smtp server is configured");
            }
            subscribers.add(sub);
        }
        return new AlarmsConfig(link, digest, dispatch, retry, smtp, subscribers);
    }

    private static Retry retry(JsonNode r) {
        if (r == null || r.isNull()) {
            return Retry.DEFAULT;
        }
        int max = r.path("maxAttempts").asInt(Retry.DEFAULT.maxAttempts());
        if (max < 1 || max > 100) {
            throw bad("retry.maxAttempts must be 1 to 100");
        }
        return new Retry(max, duration(r, "first", Retry.DEFAULT.first()), duration(r, "max", Retry.DEFAULT.max()), Retry.DEFAULT.jitter());
    }

    private static Smtp smtp(JsonNode s, Path dir) {
        int port = s.path("port").asInt(587);
        String user = s.hasNonNull("user") ? s.get("user").asText() : null;
        char[] password = s.hasNonNull("passwordFile") ? secretText(dir.resolve(s.get("passwordFile").asText())).toCharArray() : null;
        if (user != null && password == null) {
            throw bad("smtp.user needs smtp.passwordFile");
        }
        Path trust = s.hasNonNull("trust") ? dir.resolve(s.get("trust").asText()) : null;
        return new Smtp(text(s, "host", true), port, text(s, "from", true), user, password, trust,
                duration(s, "timeout", Duration.ofSeconds(30)));
    }

    private static Subscriber subscriber(JsonNode s, Path dir) {
        String id = text(s, "id", true);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}")) {
            throw bad("subscriber id " + id + " must be 1 to 80 letters, digits, '.', '_' or '-'");
        }
        String desk = text(s, "desk", true);
        Alarm.Role role = role(id, text(s, "role", true));
        Set<String> kinds = new LinkedHashSet<>();
        for (JsonNode k : s.path("kinds")) {
            if (!Alarm.kinds().contains(k.asText())) {
                throw bad("subscriber " + id + ": unknown kind " + k.asText() + " (known: " + Alarm.kinds() + ")");
            }
            kinds.add(k.asText());
        }
        boolean mail = s.hasNonNull("email");
        boolean hook = s.hasNonNull("webhook");
        if (mail == hook) {
            throw bad("subscriber " + id + " needs exactly one of " + Subscriber.channels());
        }
        Subscriber.Channel channel = mail ? new Subscriber.Mail(email(id, s.get("email").asText())) : webhook(id, s.get("webhook"), dir);
        return new Subscriber(id, desk, role, kinds, channel);
    }

    private static Alarm.Role role(String id, String text) {
        for (Alarm.Role r : Alarm.Role.values()) {
            if (r.label().equals(text.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw bad("subscriber " + id + ": unknown role " + text + " (requester, contact-point or operator)");
    }

    private static String email(String id, String address) {
        if (!address.matches("[^@\\s<>\"]+@[^@\\s<>\"]+")) {
            throw bad("subscriber " + id + ": not an e-mail address");
        }
        return address;
    }

    private static Subscriber.Webhook webhook(String id, JsonNode w, Path dir) {
        URI url;
        try {
            url = URI.create(text(w, "url", true));
        } catch (IllegalArgumentException e) {
            throw bad("subscriber " + id + ": webhook.url is not a URL");
        }
        if (!"https".equals(url.getScheme()) || url.getHost() == null) {
            throw bad("subscriber " + id + ": webhook.url must be an https URL");
        }
        byte[] secret = webhookSecret(id, secretText(dir.resolve(text(w, "secretFile", true))));
        Path trust = w.hasNonNull("trust") ? dir.resolve(w.get("trust").asText()) : null;
        return new Subscriber.Webhook(url, secret, trust);
    }

    /** A Standard Webhooks secret: {@code whsec_} and base64 of 24 to 64 random bytes. */
    static byte[] webhookSecret(String id, String text) {
        String b64 = text.startsWith("whsec_") ? text.substring(6) : text;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw bad("subscriber " + id + ": the webhook secret must be whsec_ and base64");
        }
        if (key.length < 24 || key.length > 64) {
            throw bad("subscriber " + id + ": the webhook secret must hold 24 to 64 bytes");
        }
        return key;
    }

    private static String secretText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw bad("secret file " + file.getFileName() + " cannot be read");
        }
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                throw bad(field + " is required");
            }
            return null;
        }
        return v.asText();
    }

    private static Duration duration(JsonNode n, String field, Duration dflt) {
        String v = text(n, field, false);
        try {
            Duration d = v == null ? dflt : Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                throw bad(field + " must be positive");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw bad(field + " must be an ISO-8601 duration such as PT1H");
        }
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException(AlertError.ALM_CONFIG.code() + " " + why);
    }
}
