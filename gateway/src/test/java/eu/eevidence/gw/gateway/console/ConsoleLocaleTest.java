package eu.eevidence.gw.gateway.console;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleLocaleTest {

    @Test
    void unknownOrMalformedInputFallsBackToEnglishAndUtc() {
        assertThat(ConsoleLocale.language(null, null)).isEqualTo(Locale.ENGLISH);
        assertThat(ConsoleLocale.language("xx", "zz;q=abc,,;")).isEqualTo(Locale.ENGLISH);
        assertThat(ConsoleLocale.language("<script>", "es-ES, it;q=0.8")).isEqualTo(Locale.ENGLISH);
        assertThat(ConsoleLocale.language(null, "de;q=0, es")).isEqualTo(Locale.ENGLISH);
        assertThat(ConsoleLocale.zone(null)).isEqualTo(ZoneOffset.UTC);
        assertThat(ConsoleLocale.zone("Mars/Olympus")).isEqualTo(ZoneOffset.UTC);
        assertThat(ConsoleLocale.zone("+02:00")).isEqualTo(ZoneOffset.UTC);
        assertThat(ConsoleLocale.zone("../../etc/passwd")).isEqualTo(ZoneOffset.UTC);
        assertThat(ConsoleLocale.zone("Europe/Paris\"><b>")).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void theCookieWinsOverAcceptLanguage() {
        assertThat(ConsoleLocale.language("fr", "de-DE,de;q=0.9")).isEqualTo(Locale.FRENCH);
        assertThat(ConsoleLocale.language("DE", null)).isEqualTo(Locale.GERMAN);
    }

    @Test
    void acceptLanguageIsReadByWeightAndRegionTagsMatchTheirLanguage() {
        assertThat(ConsoleLocale.language(null, "de-AT")).isEqualTo(Locale.GERMAN);
        assertThat(ConsoleLocale.language(null, "es;q=0.9, fr-BE;q=0.8, de;q=0.7")).isEqualTo(Locale.FRENCH);
        assertThat(ConsoleLocale.language(null, "de;q=0.5, fr;q=0.9")).isEqualTo(Locale.FRENCH);
    }

    @Test
    void aRegionZoneFromTheCookieIsUsed() {
        assertThat(ConsoleLocale.zone("Europe/Vienna")).isEqualTo(ZoneId.of("Europe/Vienna"));
        assertThat(ConsoleLocale.zone("UTC")).isEqualTo(ZoneOffset.UTC);
        assertThat(ConsoleLocale.offeredZones()).allSatisfy(z -> assertThat(ConsoleLocale.zoneOrNull(z)).isNotNull());
    }
}
