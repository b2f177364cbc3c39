package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.schema.validation.Violation;

import java.util.List;

/** What an answer from a platform came to. */
public sealed interface AnswerResult {

    /** Stored and applied (or, for a repeat of an answer already stored, recognised: {@code duplicate}). */
    record Applied(RequestRecord request, String outcome, boolean duplicate) implements AnswerResult {
    }

    /** Not accepted; nothing was stored. */
    record Rejected(int status, String code, String message, List<Violation> errors) implements AnswerResult {
        public Rejected {
            errors = List.copyOf(errors);
        }
    }
}
