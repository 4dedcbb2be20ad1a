package io.comfyless.core.live;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Posts to connections through API Gateway's management API ({@code POST @connections/{id}}), whose
 * endpoint is the WebSocket API's stage URL; the local stack serves the same API on its own port.
 */
public final class ApiGatewayConnections implements ConnectionGateway {

    private final ApiGatewayManagementApiClient api;

    public ApiGatewayConnections(ApiGatewayManagementApiClient api) {
        this.api = api;
    }

    @Override
    public Delivery post(String connectionId, String message) {
        try {
            api.postToConnection(request -> request.connectionId(connectionId).data(SdkBytes.fromUtf8String(message)));
            return Delivery.DELIVERED;
        } catch (GoneException gone) {
            return Delivery.GONE;
        }
    }
}
