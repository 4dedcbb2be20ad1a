package io.comfyless.testkit.aws;

import io.comfyless.contract.Batches;
import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Identity;
import io.comfyless.contract.Index;
import io.comfyless.contract.Key;
import io.comfyless.contract.Live;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Schedules;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates, in an emulator, every resource the CDK app defines, from the same {@code contract}
 * specs, and returns the environment the CDK app would give the functions and runners.
 * Idempotent: provisioning an existing prefix again changes nothing.
 */
public final class LocalResources {

    private final URI endpoint;
    private final String prefix;
    private final Map<String, String> environment;

    private LocalResources(URI endpoint, String prefix, Map<String, String> environment) {
        this.endpoint = endpoint;
        this.prefix = prefix;
        this.environment = Collections.unmodifiableMap(environment);
    }

    public static LocalResources provision(URI endpoint, String prefix) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Settings.AWS_ENDPOINT_URL, endpoint.toString());
        env.put("AWS_REGION", EmulatorClients.REGION.id());
        // The emulator serves concurrent requests one at a time: a burst of 50 queues for seconds.
        env.put(Settings.API_AWS_DEADLINE_MS, "10000");
        try (EmulatorClients aws = EmulatorClients.connect(endpoint)) {
            for (Table table : Table.values()) {
                String name = table.localName(prefix);
                createTable(aws, table, name);
                env.put(table.envVar(), name);
            }
            Map<Queue, String> arns = new EnumMap<>(Queue.class);
            for (Queue queue : Queue.values()) {
                String url = createQueue(aws, queue, prefix, arns);
                env.put(queue.envVar(), url);
            }
            String bucket = Bucket.localName(prefix);
            createBucket(aws, bucket);
            env.put(Bucket.ENV_VAR, bucket);
            String bus = Events.localBusName(prefix);
            createBus(aws, bus);
            env.put(Events.BUS_ENV_VAR, bus);
            routeManifestUploads(aws, bucket, Batches.localRuleName(prefix), arns.get(Queue.BATCH_EVENTS));
            routeLiveEvents(aws, bus, Live.localRuleName(prefix), arns.get(Queue.LIVE_EVENTS));
            String scheduleGroup = Schedules.localGroupName(prefix);
            createScheduleGroup(endpoint, scheduleGroup);
            env.put(Schedules.GROUP_ENV_VAR, scheduleGroup);
            env.put(Schedules.TARGET_ARN_ENV_VAR, Schedules.LOCAL_TARGET_ARN);
            env.put(Schedules.ROLE_ARN_ENV_VAR, Schedules.LOCAL_ROLE_ARN);
            env.putAll(LocalFleet.provision(endpoint, prefix));
            String userPool = createUserPool(aws, Identity.localUserPoolName(prefix));
            env.put(Identity.USER_POOL_ID_ENV_VAR, userPool);
            env.put(
                    Identity.USER_POOL_CLIENT_ID_ENV_VAR,
                    createUserPoolClient(aws, userPool, Identity.localClientName(prefix)));
        }
        return new LocalResources(endpoint, prefix, env);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String prefix() {
        return prefix;
    }

    /** Environment variable name to value, as the CDK app sets them on deployed code. */
    public Map<String, String> environment() {
        return environment;
    }

    public String get(String envVar) {
        String value = environment.get(envVar);
        if (value == null) {
            throw new IllegalArgumentException("No local resource for " + envVar);
        }
        return value;
    }

    public EmulatorClients clients() {
        return EmulatorClients.connect(endpoint);
    }

    private static void createTable(EmulatorClients aws, Table table, String name) {
        Map<String, Key> attributes = new LinkedHashMap<>();
        List<KeySchemaElement> keySchema = new ArrayList<>();
        keySchema.add(keyElement(table.partitionKey(), KeyType.HASH, attributes));
        table.sortKey().ifPresent(sk -> keySchema.add(keyElement(sk, KeyType.RANGE, attributes)));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Index index : table.indexes()) {
            List<KeySchemaElement> indexKeys = new ArrayList<>();
            indexKeys.add(keyElement(index.partitionKey(), KeyType.HASH, attributes));
            index.sortKey().ifPresent(sk -> indexKeys.add(keyElement(sk, KeyType.RANGE, attributes)));
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(indexKeys)
                    .projection(Projection.builder()
                            .projectionType(ProjectionType.ALL)
                            .build())
                    .build());
        }
        try {
            aws.dynamo().createTable(request -> {
                request.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(keySchema)
                        .attributeDefinitions(attributes.values().stream()
                                .map(key -> AttributeDefinition.builder()
                                        .attributeName(key.name())
                                        .attributeType(ScalarAttributeType.fromValue(
                                                key.type().name()))
                                        .build())
                                .toList());
                if (!indexes.isEmpty()) {
                    request.globalSecondaryIndexes(indexes);
                }
            });
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        aws.dynamo()
                .updateTimeToLive(request -> request.tableName(name)
                        .timeToLiveSpecification(spec -> spec.enabled(true).attributeName(table.ttlAttribute())));
    }

    private static KeySchemaElement keyElement(Key key, KeyType type, Map<String, Key> attributes) {
        attributes.putIfAbsent(key.name(), key);
        return KeySchemaElement.builder()
                .attributeName(key.name())
                .keyType(type)
                .build();
    }

    private static String createQueue(EmulatorClients aws, Queue queue, String prefix, Map<Queue, String> arns) {
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        attributes.put(
                QueueAttributeName.VISIBILITY_TIMEOUT,
                Long.toString(queue.visibilityTimeout().toSeconds()));
        attributes.put(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                Long.toString(queue.retention().toSeconds()));
        queue.deadLetterQueue()
                .ifPresent(dlq -> attributes.put(
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + arns.get(dlq) + "\",\"maxReceiveCount\":\""
                                + queue.maxReceiveCount() + "\"}"));
        String url = aws.sqs()
                .createQueue(
                        request -> request.queueName(queue.localName(prefix)).attributes(attributes))
                .queueUrl();
        String arn = aws.sqs()
                .getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        arns.put(queue, arn);
        return url;
    }

    private static void createBucket(EmulatorClients aws, String bucket) {
        try {
            aws.s3().createBucket(request -> request.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            return;
        }
        aws.s3()
                .putBucketEncryption(request -> request.bucket(bucket)
                        .serverSideEncryptionConfiguration(
                                config -> config.rules(rule -> rule.applyServerSideEncryptionByDefault(
                                        sse -> sse.sseAlgorithm(ServerSideEncryption.AES256)))));
        aws.s3()
                .putPublicAccessBlock(request -> request.bucket(bucket)
                        .publicAccessBlockConfiguration(block -> block.blockPublicAcls(true)
                                .blockPublicPolicy(true)
                                .ignorePublicAcls(true)
                                .restrictPublicBuckets(true)));
    }

    /** The pool users sign in to with their email, found by name so that provisioning twice reuses it. */
    private static String createUserPool(EmulatorClients aws, String name) {
        for (UserPoolDescriptionType pool : aws.cognito()
                .listUserPoolsPaginator(request -> request.maxResults(60))
                .userPools()) {
            if (pool.name().equals(name)) {
                return pool.id();
            }
        }
        return aws.cognito()
                .createUserPool(request -> request.poolName(name)
                        .usernameAttributes(UsernameAttributeType.EMAIL)
                        .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                        .policies(policies ->
                                policies.passwordPolicy(password -> password.minimumLength(Identity.PASSWORD_MIN_LENGTH)
                                        .requireLowercase(false)
                                        .requireUppercase(false)
                                        .requireNumbers(false)
                                        .requireSymbols(false))))
                .userPool()
                .id();
    }

    private static String createUserPoolClient(EmulatorClients aws, String userPool, String name) {
        for (UserPoolClientDescription client : aws.cognito()
                .listUserPoolClientsPaginator(
                        request -> request.userPoolId(userPool).maxResults(60))
                .userPoolClients()) {
            if (client.clientName().equals(name)) {
                return client.clientId();
            }
        }
        return aws.cognito()
                .createUserPoolClient(request -> request.userPoolId(userPool)
                        .clientName(name)
                        .generateSecret(false)
                        .explicitAuthFlows(Identity.AUTH_FLOWS.stream()
                                .map(ExplicitAuthFlowsType::fromValue)
                                .toList())
                        .accessTokenValidity((int) Identity.ACCESS_TOKEN_VALIDITY.toMinutes())
                        .refreshTokenValidity((int) Identity.REFRESH_TOKEN_VALIDITY.toDays())
                        .tokenValidityUnits(units ->
                                units.accessToken(TimeUnitsType.MINUTES).refreshToken(TimeUnitsType.DAYS))
                        .enableTokenRevocation(true)
                        .preventUserExistenceErrors(PreventUserExistenceErrorTypes.ENABLED))
                .userPoolClient()
                .clientId();
    }

    /**
     * Batch manifests reach the batch handler as in AWS: the bucket sends its events to EventBridge,
     * and a rule on the default bus matching "Object Created" under {@code batches/incoming/} targets
     * the batch-events queue (in AWS it targets the batch function; the local stack drains the queue).
     */
    private static void routeManifestUploads(EmulatorClients aws, String bucket, String rule, String queueArn) {
        aws.s3()
                .putBucketNotificationConfiguration(request -> request.bucket(bucket)
                        .notificationConfiguration(config -> config.eventBridgeConfiguration(eventBridge -> {})));
        aws.events().putRule(request -> request.name(rule).eventPattern(Batches.manifestEventPattern(bucket)));
        aws.events()
                .putTargets(request -> request.rule(rule)
                        .targets(Target.builder()
                                .id("batch-events")
                                .arn(queueArn)
                                .build()));
    }

    /**
     * Live updates reach the fan-out as in AWS: a rule on the job bus puts job, download and fleet
     * events on the live-events queue, which the local stack drains into the same fan-out.
     */
    private static void routeLiveEvents(EmulatorClients aws, String bus, String rule, String queueArn) {
        aws.events().putRule(request -> request.name(rule).eventBusName(bus).eventPattern(Live.eventPattern()));
        aws.events()
                .putTargets(request -> request.rule(rule)
                        .eventBusName(bus)
                        .targets(
                                Target.builder().id("live-events").arn(queueArn).build()));
    }

    /** The emulator stores schedules (it never fires them: the local trigger does). */
    private static void createScheduleGroup(URI endpoint, String group) {
        try (SchedulerClient scheduler = SchedulerClient.builder()
                .endpointOverride(endpoint)
                .region(EmulatorClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmulatorClients.ACCESS_KEY, EmulatorClients.SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            boolean exists =
                    scheduler
                            .listScheduleGroupsPaginator(request -> request.namePrefix(group))
                            .scheduleGroups()
                            .stream()
                            .anyMatch(existing -> existing.name().equals(group));
            if (!exists) {
                scheduler.createScheduleGroup(request -> request.name(group));
            }
        } catch (ConflictException alreadyThere) {
            // Provisioned concurrently: fine.
        }
    }

    private static void createBus(EmulatorClients aws, String bus) {
        boolean exists = aws.events().listEventBuses(request -> request.namePrefix(bus)).eventBuses().stream()
                .anyMatch(existing -> existing.name().equals(bus));
        if (!exists) {
            aws.events().createEventBus(request -> request.name(bus));
        }
    }
}
