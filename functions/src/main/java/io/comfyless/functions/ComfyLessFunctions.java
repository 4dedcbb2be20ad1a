package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.comfyless.contract.Settings;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsCallPolicy;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.JobReaper;
import io.comfyless.functions.http.Router;
import java.io.InputStream;
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
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION} selects the function ({@code api}, {@code reaper},
 * {@code webhook}, {@code batch}, {@code schedule}).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ComfyLessFunctions {

    /** Which function this Lambda runs; set by the CDK app, and by the local gateway for the API. */
    public static final String FUNCTION_DEFINITION = "spring.cloud.function.definition";

    public static void main(String[] args) {
        SpringApplication.run(ComfyLessFunctions.class, args);
    }

    @Bean
    RuntimeConfig runtimeConfig(Environment environment) {
        return RuntimeConfig.from(environment::getProperty);
    }

    /**
     * The API function gives up on a stalled dependency within seconds (someone is waiting on the
     * answer); the event-driven functions wait it out (see {@link AwsCallPolicy}).
     */
    @Bean(destroyMethod = "close")
    AwsClients awsClients(RuntimeConfig config, Environment environment) {
        return new AwsClients(
                config,
                AwsCallPolicy.forFunction(
                        environment.getProperty(FUNCTION_DEFINITION, ""),
                        environment.getProperty(Settings.API_AWS_DEADLINE_MS)));
    }

    @Bean
    Router router(RuntimeConfig config, AwsClients aws) {
        return ApiFactory.router(config, aws, Clock.systemUTC());
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> api(Router router) {
        return new ApiFunction(router);
    }

    /** SQS event source on the webhooks queue, with ReportBatchItemFailures. */
    @Bean
    Function<SQSEvent, SQSBatchResponse> webhook(RuntimeConfig config, AwsClients aws) {
        return new WebhookFunction(Handlers.webhookConsumer(new Adapters(config, aws), Clock.systemUTC()));
    }

    /** EventBridge rule on S3 "Object Created" under batches/incoming/ (default bus). */
    @Bean
    Function<Map<String, Object>, Map<String, Object>> batch(RuntimeConfig config, AwsClients aws) {
        return new BatchFunction(Handlers.batchIngest(new Adapters(config, aws), Clock.systemUTC()));
    }

    /** EventBridge Scheduler target: one saved template submission per firing. */
    @Bean
    Function<Map<String, Object>, Map<String, Object>> schedule(RuntimeConfig config, AwsClients aws) {
        return new ScheduleFunction(Handlers.scheduledSubmission(new Adapters(config, aws), Clock.systemUTC()));
    }

    @Bean
    Function<Map<String, Object>, JobReaper.Sweep> reaper(RuntimeConfig config, AwsClients aws) {
        Adapters adapters = new Adapters(config, aws);
        return new ReaperFunction(new JobReaper(adapters.jobStore(), adapters.jobQueue(), Clock.systemUTC()));
    }
}
