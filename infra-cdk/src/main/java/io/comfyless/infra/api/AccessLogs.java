package io.comfyless.infra.api;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** A stage's access logs: a log group of its own, kept a month, in the stage's own line format. */
final class AccessLogs {

    private AccessLogs() {}

    /** Creates the log group as {@code AccessLogs} under {@code scope} and the settings that write to it. */
    static IAccessLogSettings of(Construct scope, RemovalPolicy removalPolicy, String format) {
        LogGroup group = LogGroup.Builder.create(scope, "AccessLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(removalPolicy)
                .build();
        return new IAccessLogSettings() {
            @Override
            public IAccessLogDestination getDestination() {
                return new LogGroupLogDestination(group);
            }

            @Override
            public AccessLogFormat getFormat() {
                return AccessLogFormat.custom(format);
            }
        };
    }
}
