package eu.eevidence.gw.schema.validation;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Runs the catalogue's Hibernate Validator rules and turns violations into stable {@link Violation}s.
 * Thread-safe. The Hibernate Validator factory (bootstrap and per-class constraint metadata, the expensive part) is
 * built once per JVM, on first use, and shared; constructing a MessageValidator is cheap.
 */
public final class MessageValidator {

    private final Validator validator;

    public MessageValidator() {
        this.validator = Shared.VALIDATOR;
    }

    /** Initialisation-on-demand holder; a jakarta {@link Validator} is thread-safe. */
    private static final class Shared {
        static final Validator VALIDATOR = build();

        private static Validator build() {
            ValidatorFactory factory = Validation.byProvider(HibernateValidator.class)
                    .configure()
                    .messageInterpolator(new ParameterMessageInterpolator())
                    .failFast(false)
                    .buildValidatorFactory();
            return factory.getValidator();
        }
    }

    /** All violations of {@code message}, sorted by path then code; empty when valid. */
    public List<Violation> validate(Object message) {
        if (message == null) {
            return List.of(Violation.of("$", ValidationCode.REQUIRED));
        }
        Set<ConstraintViolation<Object>> found = validator.validate(message);
        List<Violation> out = new ArrayList<>(found.size());
        for (ConstraintViolation<Object> v : found) {
            String code = codeOf(v);
            String human = ValidationCode.byCode(code).map(ValidationCode::message).orElse("is invalid");
            out.add(new Violation(pathOf(v.getPropertyPath()), code, human));
        }
        out.sort(Comparator.comparing(Violation::path).thenComparing(Violation::code));
        return List.copyOf(out);
    }

    private static String codeOf(ConstraintViolation<?> v) {
        String template = v.getMessageTemplate();
        if (template != null && template.startsWith(ValidationCode.PREFIX)) {
            return template;
        }
        Class<? extends Annotation> type = v.getConstraintDescriptor().getAnnotation().annotationType();
        return switch (type.getSimpleName()) {
            case "NotNull", "NotBlank", "NotEmpty" -> ValidationCode.REQUIRED.code();
            case "Size" -> ValidationCode.LENGTH.code();
            case "Pattern" -> ValidationCode.FORMAT.code();
            default -> ValidationCode.VALUE.code();
        };
    }

    static String pathOf(Path path) {
        StringBuilder sb = new StringBuilder("$");
        for (Path.Node node : path) {
            String name = node.getName();
            if (node.getIndex() != null) {
                // Hibernate Validator puts the index of an iterable on the node after its container
                sb.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                sb.append('[').append(node.getKey()).append(']');
            }
            if (name != null && !name.startsWith("<")) {
                sb.append('.').append(name);
            }
        }
        return sb.toString();
    }
}
