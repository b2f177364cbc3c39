package eu.eevidence.gw.schema.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Free text that is safe to store, show and log: at most {@link #max()} code points, no C0/C1 control
 * characters other than TAB, LF and CR, no bidirectional overrides or isolates (U+202A-U+202E,
 * U+2066-U+2069), no lone surrogates, no U+FFFE/U+FFFF.
 */
@Documented
@Constraint(validatedBy = SafeText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface SafeText {
    int max();

    String message() default ValidationCode.Codes.TEXT;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<SafeText, String> {
        private int max;

        @Override
        public void initialize(SafeText annotation) {
            this.max = annotation.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isSafe(value, max);
        }

        /** The rule itself, usable without a validator. */
        public static boolean isSafe(String value, int maxCodePoints) {
            int count = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                } else if (isForbidden(c)) {
                    return false;
                }
                if (++count > maxCodePoints) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isForbidden(char c) {
            if (c == '\t' || c == '\n' || c == '\r') {
                return false;
            }
            return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                    || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069)
                    || c == 0x200E || c == 0x200F
                    || c == 0xFFFE || c == 0xFFFF;
        }
    }
}
