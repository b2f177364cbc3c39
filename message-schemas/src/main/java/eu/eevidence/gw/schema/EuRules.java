package eu.eevidence.gw.schema;

import eu.eevidence.gw.schema.validation.CrossFieldChecked.RuleSink;
import eu.eevidence.gw.schema.validation.ValidationCode;

/** Competence rules of Art. 4 Reg. (EU) 2023/1543 shared by EPOC and EPOC-PR. */
final class EuRules {
    private EuRules() {
    }

    static boolean judicial(IssuingAuthority a) {
        return a != null && a.kind() != null && AuthorityKind.JUDICIAL.contains(a.kind());
    }

    static boolean judicialOrProsecutor(IssuingAuthority a) {
        return a != null && a.kind() != null && AuthorityKind.JUDICIAL_OR_PROSECUTOR.contains(a.kind());
    }

    /** Art. 4(1)(b), (2)(b), (3)(b): another competent authority needs a validating judge, court or prosecutor. */
    static void competence(IssuingAuthority issuing, IssuingAuthority validating, RuleSink sink) {
        if (issuing != null && issuing.kind() == AuthorityKind.OTHER_COMPETENT_AUTHORITY && !judicialOrProsecutor(validating)) {
            sink.fail("validatingAuthority", ValidationCode.EU_VALIDATION_REQUIRED);
        }
    }
}
