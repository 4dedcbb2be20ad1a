package io.comfyless.functions;

import io.comfyless.contract.Table;
import io.comfyless.core.account.Accounts;
import io.comfyless.core.batch.BatchFinisher;
import io.comfyless.core.batch.BatchIngest;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.fleet.DynamoFleetScheduleStore;
import io.comfyless.core.fleet.FleetSchedules;
import io.comfyless.core.fleet.FleetService;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.JobService;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.core.live.LiveFanOut;
import io.comfyless.core.live.LiveMessages;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.schedule.ScheduleDispatcher;
import io.comfyless.core.schedule.ScheduleService;
import io.comfyless.core.schedule.ScheduledSubmission;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.template.BuiltInTemplates;
import io.comfyless.core.template.TemplateService;
import io.comfyless.core.template.TenantTemplateCatalog;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.webhook.SigningKeys;
import io.comfyless.core.webhook.WebhookConsumer;
import io.comfyless.core.webhook.WebhookDispatcher;
import io.comfyless.core.workflow.InputOverrides;
import io.comfyless.core.workflow.SeedSource;
import io.comfyless.core.workflow.WorkflowValidator;
import io.comfyless.functions.auth.ApiKeyAuthenticator;
import io.comfyless.functions.auth.AuthThrottle;
import io.comfyless.functions.auth.Authenticator;
import io.comfyless.functions.auth.Authenticators;
import io.comfyless.functions.live.LiveSockets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Builds the plain handlers behind the event-driven functions (batch, webhook, schedule) and the
 * pieces the API shares with them, from {@link Adapters}. Plain Java, like {@link ApiFactory}, so
 * the Lambda beans and the local event pump run the very same objects.
 */
public final class Handlers {

    private static final BuiltInTemplates BUILT_INS = BuiltInTemplates.load();

    private Handlers() {}

    public static BuiltInTemplates builtIns() {
        return BUILT_INS;
    }

    /**
     * Every submission path parses with this: built-in and saved templates, the webhook URL policy, and
     * workflows checked against the node catalogue once runners have published one.
     */
    public static JobRequestParser parser(Adapters adapters) {
        return parser(adapters, adapters.workflowValidator());
    }

    /**
     * As {@link #parser(Adapters)}, checking workflows structurally only ({@link Adapters#structuralValidator}):
     * for the unversioned routes of document 001 and the dashboard routes of document 004, which must
     * keep accepting what those documents accept.
     */
    public static JobRequestParser documentParser(Adapters adapters) {
        return parser(adapters, adapters.structuralValidator());
    }

    private static JobRequestParser parser(Adapters adapters, WorkflowValidator validator) {
        RuntimeConfig config = adapters.config();
        return new JobRequestParser(
                validator,
                new InputOverrides(SeedSource.secureRandom()),
                new TenantTemplateCatalog(BUILT_INS, adapters.templateStore()),
                config.webhooks().guard());
    }

    public static BatchIngest batchIngest(Adapters adapters, Clock clock) {
        return new BatchIngest(
                adapters.batchStore(),
                adapters.blobStore(),
                parser(adapters),
                adapters.submitQueue(),
                adapters.jobEvents(),
                new BatchFinisher(adapters.batchStore(), adapters.blobStore(), clock),
                adapters.tenantLimits(),
                clock);
    }

    /**
     * How long the output links in a webhook work. The webhook function signs them with its role's
     * session credentials, which expire within hours; a receiver should fetch outputs promptly or
     * ask {@code /v1/workflows/{id}/results} for fresh links.
     */
    static final Duration OUTPUT_LINK_TTL = Duration.ofHours(6);

    public static WebhookConsumer webhookConsumer(Adapters adapters, Clock clock) {
        RuntimeConfig config = adapters.config();
        S3BlobStore blobs = adapters.blobStore();
        WebhookDispatcher dispatcher = new WebhookDispatcher(
                config.webhooks().guard(),
                new SigningKeys(adapters.jobRecords(), adapters.webhookSecrets()),
                config.webhooks(),
                clock,
                (key, filename) -> blobs.presignGet(key, OUTPUT_LINK_TTL, Optional.of(filename))
                        .toString());
        return new WebhookConsumer(dispatcher, adapters.webhookQueue(), config.webhooks());
    }

    public static ScheduledSubmission scheduledSubmission(Adapters adapters, Clock clock) {
        return new ScheduledSubmission(parser(adapters), ApiFactory.jobService(adapters, clock));
    }

    /** What every schedule firing runs through: saved-template submissions and fleet starts and stops. */
    public static ScheduleDispatcher scheduleDispatcher(Adapters adapters, Clock clock) {
        return new ScheduleDispatcher(scheduledSubmission(adapters, clock), fleetService(adapters));
    }

    public static FleetService fleetService(Adapters adapters) {
        return new FleetService(adapters.fleetControl());
    }

    public static FleetSchedules fleetSchedules(Adapters adapters, Clock clock) {
        return new FleetSchedules(
                new DynamoFleetScheduleStore(
                        adapters.aws().dynamo(), adapters.config().table(Table.CATALOG)),
                adapters.scheduleRegistry(),
                new IdGenerator(),
                clock);
    }

    public static TemplateService templateService(Adapters adapters, Clock clock) {
        return new TemplateService(
                adapters.templateStore(), BUILT_INS, adapters.workflowValidator(), new IdGenerator(), clock);
    }

    /** Saved workflows as document 004's dashboard keeps them: checked structurally only. */
    public static TemplateService documentTemplateService(Adapters adapters, Clock clock) {
        return new TemplateService(
                adapters.templateStore(), BUILT_INS, adapters.structuralValidator(), new IdGenerator(), clock);
    }

    /**
     * Who a request (or a WebSocket upgrade) comes from: with {@code ENABLE_AUTH=true} an API key or a
     * user's access token, otherwise the one local tenant.
     */
    public static Authenticator authenticator(Adapters adapters, Clock clock) {
        RuntimeConfig config = adapters.config();
        if (!config.authEnabled()) {
            return Authenticators.open();
        }
        return Authenticators.bearer(
                new ApiKeyAuthenticator(ApiKeys.from(config, adapters.aws(), clock), clock),
                Accounts.from(config, adapters.aws(), clock),
                AuthThrottle.dynamo(adapters.aws().dynamo(), config, clock));
    }

    /** The live-update WebSocket protocol, for the WebSocket function and the local stack's server. */
    public static LiveSockets liveSockets(Adapters adapters, Clock clock) {
        return new LiveSockets(
                authenticator(adapters, clock),
                adapters.connections(),
                // Reads jobs only: the plain queue, so nothing here loads the fleet's clients.
                new JobService(adapters.jobStore(), adapters.jobQueue(), clock, new IdGenerator()),
                adapters.batchStore(),
                clock);
    }

    /**
     * The live-update fan-out, posting through {@code gateway} (API Gateway's management API, or the
     * local server's sockets) with {@code posts} threads side by side.
     */
    public static LiveFanOut liveFanOut(
            Adapters adapters, Clock clock, ConnectionGateway gateway, ExecutorService posts) {
        JobQueue queue = adapters.jobQueue();
        return new LiveFanOut(
                adapters.connections(), gateway, new LiveMessages(adapters.blobStore(), clock), queue::depth, posts);
    }

    public static ScheduleService scheduleService(Adapters adapters, Clock clock) {
        return new ScheduleService(
                adapters.scheduleStore(), adapters.scheduleRegistry(), parser(adapters), new IdGenerator(), clock);
    }
}
