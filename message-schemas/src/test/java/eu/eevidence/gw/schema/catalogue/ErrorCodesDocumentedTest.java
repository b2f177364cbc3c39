package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.validation.ValidationCode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every validation code is listed in docs/errors.md (full code or its suffix after the family prefix). */
class ErrorCodesDocumentedTest {

    @Test
    void everyCodeIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("../docs/errors.md"));
        for (ValidationCode c : ValidationCode.values()) {
            String suffix = "`-" + c.code().split("-", 3)[2] + "`";
            assertThat(doc.contains("`" + c.code() + "`") || doc.contains(suffix)).as(c.code()).isTrue();
        }
    }
}
