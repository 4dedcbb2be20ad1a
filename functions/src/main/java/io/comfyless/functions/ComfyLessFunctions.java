package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.JobReaper;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The Spring Cloud Function application behind every Lambda. Deployed with handler
 * {@code org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest};
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION} selects the function ({@code api}, ...).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ComfyLessFunctions {

    public static void main(String[] args) {
        SpringApplication.run(ComfyLessFunctions.class, args);
    }

    @Bean
    RuntimeConfig runtimeConfig(Environment environment) {
        return RuntimeConfig.from(environment::getProperty);
    }

    @Bean(destroyMethod = "close")
    AwsClients awsClients(RuntimeConfig config) {
        return new AwsClients(config);
    }

    @Bean
    Router router(RuntimeConfig config, AwsClients aws) {
        return ApiFactory.router(config, aws, Clock.systemUTC());
    }

    @Bean
    Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api(Router router) {
        return new ApiFunction(router);
    }

    @Bean
    Function<Map<String, Object>, JobReaper.Sweep> reaper(RuntimeConfig config, AwsClients aws) {
        Adapters adapters = new Adapters(config, aws);
        return new ReaperFunction(new JobReaper(adapters.jobStore(), adapters.jobQueue(), Clock.systemUTC()));
    }
}
