package eu.eevidence.gw.schema.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Runs {@link CrossFieldChecked#checkRules} as a class-level Bean Validation constraint. */
@Documented
@Inherited
@Constraint(validatedBy = CrossField.Validator.class)
@Target({ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CrossField {
    String message() default ValidationCode.Codes.VALUE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<CrossField, CrossFieldChecked> {
        @Override
        public boolean isValid(CrossFieldChecked value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            boolean[] ok = {true};
            context.disableDefaultConstraintViolation();
            value.checkRules((property, code) -> {
                ok[0] = false;
                var builder = context.buildConstraintViolationWithTemplate(code.code());
                if (property == null) {
                    builder.addConstraintViolation();
                } else {
                    builder.addPropertyNode(property).addConstraintViolation();
                }
            });
            return ok[0];
        }
    }
}
