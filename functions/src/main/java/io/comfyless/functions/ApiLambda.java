package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.comfyless.contract.LambdaFunction;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import java.io.InputStream;
import java.time.Clock;

/** The {@code api} function: the HTTP router behind API Gateway. */
public final class ApiLambda extends LambdaApplication<InputStream, APIGatewayV2HTTPResponse> {

    @Override
    protected LambdaFunction function() {
        return LambdaFunction.API;
    }

    @Override
    protected Deployed<InputStream, APIGatewayV2HTTPResponse> build(RuntimeConfig config, AwsClients aws, Clock clock) {
        ApiFunction api = new ApiFunction(ApiFactory.router(config, aws, clock));
        return new Deployed<>(api, () -> ApiPrimer.prime(api));
    }
}
