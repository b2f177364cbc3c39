package eu.eevidence.gw.custody.merkle;

import eu.eevidence.gw.custody.CustodyError;

/** The outcome of a pure verification: valid, or invalid with a stable code and a one-line reason. */
public sealed interface Verdict permits Verdict.Valid, Verdict.Invalid {

    boolean ok();

    static Verdict valid() {
        return Valid.INSTANCE;
    }

    static Verdict invalid(CustodyError code, String reason) {
        return new Invalid(code, reason);
    }

    enum Valid implements Verdict {
        INSTANCE;

        @Override
        public boolean ok() {
            return true;
        }

        @Override
        public String toString() {
            return "valid";
        }
    }

    record Invalid(CustodyError code, String reason) implements Verdict {
        @Override
        public boolean ok() {
            return false;
        }

        @Override
        public String toString() {
            return code.code() + " " + reason;
        }
    }
}
