package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.xml.XsdGenerator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed XSD is exactly what the model generates. After a deliberate model change, regenerate with
 * {@code mvn -pl message-schemas test -Dtest=XsdUpToDateTest -Deeg.regenerateXsd=true} and review the diff.
 */
class XsdUpToDateTest {

    private static final Path FILE = Path.of("src/main/resources/xsd/eevidence-messages-v1.xsd");

    @Test
    void committedXsdMatchesTheModel() throws Exception {
        String generated = XsdGenerator.generate();
        if (Boolean.getBoolean("eeg.regenerateXsd")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8)).isEqualTo(generated);
    }
}
