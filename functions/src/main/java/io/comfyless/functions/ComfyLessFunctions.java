package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.comfyless.contract.Live;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.JobReaper;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.core.live.LiveFanOut;
import io.comfyless.functions.http.Router;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The Spring Cloud Function application behind every Lambda. Deployed with handler
 * {@code org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest};
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION} selects the function ({@code api}, {@code reaper},
 * {@code webhook}, {@code batch}, {@code schedule}, {@code websocket}, {@code fanout}).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ComfyLessFunctions {

    /** Posts to connections side by side: each is a round trip to API Gateway's management API. */
    private static final int POST_THREADS = 16;

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

    /** Every route of the WebSocket API ({@code $connect}, {@code $disconnect}, messages). */
    @Bean
    Function<InputStream, Map<String, Object>> websocket(RuntimeConfig config, AwsClients aws) {
        return new WebSocketFunction(Handlers.liveSockets(new Adapters(config, aws), Clock.systemUTC()));
    }

    /**
     * SQS event source on the live-events queue. Built on first use: it needs the WebSocket API's
     * management endpoint, which only this function is told.
     */
    @Bean
    Function<SQSEvent, SQSBatchResponse> fanout(RuntimeConfig config, AwsClients aws) {
        Supplier<LiveFanOut> fanOut = new Supplier<>() {
            private LiveFanOut built;

            @Override
            public synchronized LiveFanOut get() {
                if (built == null) {
                    Adapters adapters = new Adapters(config, aws);
                    ConnectionGateway gateway = adapters.connectionGateway()
                            .orElseThrow(() -> new IllegalStateException(
                                    "Missing configuration: " + Live.ENDPOINT_ENV_VAR + " (set by the CDK app)"));
                    built = Handlers.liveFanOut(
                            adapters, Clock.systemUTC(), gateway, Executors.newFixedThreadPool(POST_THREADS));
                }
                return built;
            }
        };
        return new FanOutFunction(fanOut);
    }

    @Bean
    Function<Map<String, Object>, JobReaper.Sweep> reaper(RuntimeConfig config, AwsClients aws) {
        Adapters adapters = new Adapters(config, aws);
        return new ReaperFunction(new JobReaper(adapters.jobStore(), adapters.jobQueue(), Clock.systemUTC()));
    }
}
