package eu.eevidence.gw.schema.xml;

import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.MessageValidator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The v1 XSD is compiled once per JVM and shared: any number of catalogues and codecs, one compilation, one
 * {@link javax.xml.validation.Schema} object. (Before, every {@code new MessageCatalogue()} compiled it again.)
 */
class SchemaCompiledOnceTest {

    @Test
    void twoCataloguesAndCodecsShareOneCompiledSchema() throws IOException {
        byte[] xml = Files.readAllBytes(Path.of("src/test/resources/corpus/EU_EPOC/valid.xml"));
        MessageCatalogue first = new MessageCatalogue();
        MessageCatalogue second = new MessageCatalogue();
        assertThat(first.decodeXml(xml)).isInstanceOf(Decoded.Valid.class);
        assertThat(second.decodeXml(xml)).isInstanceOf(Decoded.Valid.class);

        XmlCodec a = new XmlCodec();
        XmlCodec b = new XmlCodec(new MessageValidator());
        new JsonCodec();
        assertThat(a.schema()).isSameAs(b.schema()).isSameAs(XmlCodec.loadSchema());
        assertThat(a.decode(xml)).isInstanceOf(Decoded.Valid.class);
        assertThat(XmlCodec.compilations()).isEqualTo(1);
    }
}
