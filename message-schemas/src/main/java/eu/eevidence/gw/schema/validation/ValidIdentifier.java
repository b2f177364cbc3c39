package eu.eevidence.gw.schema.validation;

import eu.eevidence.gw.schema.AccountIdentifier;
import eu.eevidence.gw.schema.IdentifierType;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks an {@link AccountIdentifier}'s value against the syntax of its type. */
@Documented
@Constraint(validatedBy = ValidIdentifier.Validator.class)
@Target({ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidIdentifier {
    String message() default ValidationCode.Codes.IDENTIFIER;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<ValidIdentifier, AccountIdentifier> {
        private static final Pattern ACCOUNT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");
        private static final Pattern HANDLE = Pattern.compile("^@?[A-Za-z0-9._-]{1,64}$");
        private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}$");
        private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
        private static final Pattern IPV4 = Pattern.compile(
                "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$");
        private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
        private static final Pattern LABEL = Pattern.compile("^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$");

        @Override
        public boolean isValid(AccountIdentifier id, ConstraintValidatorContext context) {
            if (id == null || id.type() == null || id.value() == null) {
                return true; // @NotNull / @NotBlank report these
            }
            boolean ok = true;
            if (!valueMatches(id.type(), id.value())) {
                ok = fail(context, ValidationCode.IDENTIFIER.code(), "value");
            }
            if (id.type() == IdentifierType.IP_ADDRESS && id.observedAt() == null) {
                ok = fail(context, ValidationCode.IDENTIFIER_OBSERVED_AT.code(), "observedAt");
            }
            if (id.type() != IdentifierType.IP_ADDRESS && id.port() != null) {
                ok = fail(context, ValidationCode.IDENTIFIER_PORT.code(), "port");
            }
            return ok;
        }

        private static boolean fail(ConstraintValidatorContext context, String code, String node) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(code).addPropertyNode(node).addConstraintViolation();
            return false;
        }

        public static boolean valueMatches(IdentifierType type, String value) {
            return switch (type) {
                case PLATFORM_ACCOUNT_ID -> ACCOUNT_ID.matcher(value).matches();
                case HANDLE -> HANDLE.matcher(value).matches();
                case EMAIL -> EMAIL.matcher(value).matches();
                case PHONE_E164 -> E164.matcher(value).matches();
                case IP_ADDRESS -> isIp(value);
                case URL -> isHttpUrl(value);
                case DOMAIN_NAME -> isDomain(value);
            };
        }

        private static boolean isIp(String value) {
            if (IPV4.matcher(value).matches()) {
                return true;
            }
            if (!value.contains(":") || !IPV6.matcher(value).matches()) {
                return false;
            }
            try {
                // a literal only (the pattern excludes letters beyond hex, so no name lookup can happen)
                return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }

        private static boolean isHttpUrl(String value) {
            if (value.length() > 2048) {
                return false;
            }
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private static boolean isDomain(String value) {
            String v = value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
            if (v.length() > 253 || !v.contains(".")) {
                return false;
            }
            for (String label : v.split("\\.", -1)) {
                if (!LABEL.matcher(label).matches()) {
                    return false;
                }
            }
            return true;
        }
    }
}
