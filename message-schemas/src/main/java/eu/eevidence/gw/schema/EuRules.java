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
        // Art. 1: orders in criminal proceedings; the civil and administrative issuers of CM/Rec(2026)2 para. 33 issue removals only
        if (issuing != null && AuthorityKind.NON_CRIMINAL.contains(issuing.kind())) {
            sink.fail("issuingAuthority.kind", ValidationCode.ISSUER_KIND);
        }
        if (validating != null && AuthorityKind.NON_CRIMINAL.contains(validating.kind())) {
            sink.fail("validatingAuthority.kind", ValidationCode.ISSUER_KIND);
        }
        if (issuing != null && issuing.kind() == AuthorityKind.OTHER_COMPETENT_AUTHORITY && !judicialOrProsecutor(validating)) {
            sink.fail("validatingAuthority", ValidationCode.EU_VALIDATION_REQUIRED);
        }
    }
}
