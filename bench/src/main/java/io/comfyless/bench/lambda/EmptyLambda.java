package io.comfyless.bench.lambda;

import java.util.Map;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Spring Cloud Function's AWS adapter with a function that does nothing, started exactly as the
 * functions are (functional form, from the API's jar): what the adapter itself costs, which
 * {@code bench lambda} reports between the plain handler and the functions.
 */
public final class EmptyLambda implements ApplicationContextInitializer<GenericApplicationContext> {

    /** Answers its input. */
    public static final class Echo implements Function<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> apply(Map<String, Object> input) {
            return input;
        }
    }

    @Override
    public void initialize(GenericApplicationContext context) {
        context.registerBean(
                "echo",
                FunctionRegistration.class,
                () -> new FunctionRegistration<>(new Echo(), "echo")
                        .type(FunctionTypeUtils.discoverFunctionTypeFromClass(Echo.class)));
    }
}
