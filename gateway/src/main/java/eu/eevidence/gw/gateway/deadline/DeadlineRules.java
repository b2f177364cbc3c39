package eu.eevidence.gw.gateway.deadline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deadline rules in force on a node: the legal defaults shipped with the gateway
 * ({@code deadlines/rules.json}), then the deployment's overrides, then overrides per bilateral arrangement
 * (keyed by the other party's country).
 *
 * <p>Overrides file: {@code {"deployment": {RULE_ID: {"amount": N, "unit": "HOURS"}}, "bilateral": {"US": {RULE_ID: {...}}}}}.
 * An override may not shorten a period that the law sets as a floor (a rule whose end is an EXPIRY, such as the
 * 60 days of Art. 29(7)); it may shorten or lengthen a time limit set for the other party, and any deployment target.
 */
public final class DeadlineRules {

    private static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<String, DeadlineRule> rules;
    private final Map<String, Map<String, DeadlineRule>> bilateral;

    private DeadlineRules(Map<String, DeadlineRule> rules, Map<String, Map<String, DeadlineRule>> bilateral) {
        this.rules = rules;
        this.bilateral = bilateral;
    }

    /** The legal defaults shipped with the gateway. */
    public static DeadlineRules builtIn() {
        try (InputStream in = DeadlineRules.class.getResourceAsStream("/deadlines/rules.json")) {
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DeadlineRules load(InputStream json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        Map<String, DeadlineRule> out = new LinkedHashMap<>();
        for (JsonNode n : root.path("rules")) {
            DeadlineRule r = MAPPER.treeToValue(n, DeadlineRule.class);
            if (out.put(r.id(), r) != null) {
                throw new IllegalArgumentException(DeadlineError.DDL_005.code() + " duplicate rule id " + r.id());
            }
        }
        return new DeadlineRules(Map.copyOf(out), Map.of());
    }

    /** Applies a deployment's overrides file (deployment-wide and bilateral). */
    public DeadlineRules withOverrides(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
        Map<String, DeadlineRule> base = new LinkedHashMap<>(rules);
        root.path("deployment").fields().forEachRemaining(e -> base.put(e.getKey(), override(rules, e.getKey(), e.getValue())));
        Map<String, Map<String, DeadlineRule>> bi = new HashMap<>(bilateral);
        root.path("bilateral").fields().forEachRemaining(country -> {
            Map<String, DeadlineRule> forCountry = new LinkedHashMap<>();
            country.getValue().fields().forEachRemaining(e -> forCountry.put(e.getKey(), override(base, e.getKey(), e.getValue())));
            bi.put(country.getKey().toUpperCase(Locale.ROOT), Map.copyOf(forCountry));
        });
        return new DeadlineRules(Map.copyOf(base), Map.copyOf(bi));
    }

    private static DeadlineRule override(Map<String, DeadlineRule> base, String id, JsonNode value) {
        DeadlineRule legal = base.get(id);
        if (legal == null) {
            throw new IllegalArgumentException(DeadlineError.DDL_006.code() + " override names unknown rule " + id);
        }
        long amount = value.path("amount").asLong(legal.amount());
        DeadlineUnit unit = value.has("unit") ? DeadlineUnit.valueOf(value.path("unit").asText()) : legal.unit();
        DeadlineRule changed = legal.withPeriod(amount, unit);
        if (legal.onDue() == DueAction.EXPIRY && !legal.deploymentTarget() && approx(changed) < approx(legal)) {
            throw new IllegalArgumentException(DeadlineError.DDL_004.code() + " rule " + id + " is a legal floor (" + legal.source()
                    + "); an override may lengthen it, not shorten it");
        }
        return changed;
    }

    private static long approx(DeadlineRule r) {
        return switch (r.unit()) {
            case HOURS -> r.amount();
            case CALENDAR_DAYS -> r.amount() * 24;
            case WORKING_DAYS -> r.amount() * 24; // a working day is never shorter than a calendar day
        };
    }

    public Collection<DeadlineRule> all() {
        return rules.values();
    }

    public Optional<DeadlineRule> find(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    /** The rule as it applies to dealings with {@code counterpartCountry} (bilateral override, else the deployment's). */
    public Optional<DeadlineRule> find(String id, String counterpartCountry) {
        if (counterpartCountry != null) {
            DeadlineRule b = bilateral.getOrDefault(counterpartCountry.toUpperCase(Locale.ROOT), Map.of()).get(id);
            if (b != null) {
                return Optional.of(b);
            }
        }
        return find(id);
    }

    /** Rules that start at this event for a request of this type with these flags, as they apply to that counterpart. */
    public List<DeadlineRule> startingOn(String messageType, Set<String> flags, String event, String counterpartCountry) {
        List<DeadlineRule> out = new ArrayList<>();
        for (DeadlineRule r : rules.values()) {
            if (r.startsOn(messageType, flags, event)) {
                out.add(find(r.id(), counterpartCountry).orElse(r));
            }
        }
        return out;
    }
}
