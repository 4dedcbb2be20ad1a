package io.comfyless.core.model;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.contract.Table;
import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.dynamo.DynamoTable.Read;
import io.comfyless.core.error.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link ModelDownloads} in the catalog table, in one partition ({@code pk = models#downloads},
 * {@code sk = download#<id>}): downloads are few and shared by the stack, and one query lists them.
 * Finished downloads expire after {@link #RETENTION}.
 */
public final class DynamoModelDownloads implements ModelDownloads {

    static final String PK = "models#downloads";
    static final String SK_PREFIX = "download#";
    static final Duration RETENTION = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoTable items;

    public DynamoModelDownloads(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.items = new DynamoTable(dynamo, table);
    }

    @Override
    public void create(ModelDownload download) {
        Map<String, AttributeValue> item = key(download.id());
        item.put("url", s(download.url()));
        item.put("folder", s(download.path().folder()));
        item.put("name", s(download.path().name()));
        item.put("status", s(download.status().wire()));
        item.put("bytes_done", n(download.bytesDone()));
        item.put("requested_by", s(download.requestedBy()));
        item.put("created_at", n(download.createdAt().toEpochMilli()));
        item.put("updated_at", n(download.updatedAt().toEpochMilli()));
        if (download.presetId() != null) {
            item.put("preset_id", s(download.presetId()));
            item.put("install_id", s(download.installId()));
        }
        items.insert(item);
    }

    @Override
    public Optional<ModelDownload> find(String id) {
        return items.get(key(id), Read.CONSISTENT).map(DynamoModelDownloads::download);
    }

    @Override
    public List<ModelDownload> list(int limit) {
        return all().stream()
                .sorted(Comparator.comparing(ModelDownload::createdAt).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public Optional<ModelDownload> claim(String worker, Instant leaseUntil, Instant now) {
        List<ModelDownload> candidates = all().stream()
                .filter(d -> d.status() == DownloadStatus.PENDING
                        || d.status() == DownloadStatus.DOWNLOADING
                                && d.leaseUntil() != null
                                && d.leaseUntil().isBefore(now))
                .sorted(Comparator.comparing(ModelDownload::createdAt))
                .toList();
        for (ModelDownload candidate : candidates) {
            try {
                Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                                .key(key(candidate.id()))
                                .conditionExpression("#s = :pending OR (#s = :downloading AND lease_until < :now)")
                                .updateExpression(
                                        "SET #s = :downloading, worker = :w, lease_until = :lease, bytes_done = :zero,"
                                                + " updated_at = :now, started_at = :now REMOVE #e")
                                .expressionAttributeNames(Map.of("#s", "status", "#e", "error"))
                                .expressionAttributeValues(Map.of(
                                        ":pending",
                                        s(DownloadStatus.PENDING.wire()),
                                        ":downloading",
                                        s(DownloadStatus.DOWNLOADING.wire()),
                                        ":now",
                                        n(now.toEpochMilli()),
                                        ":w",
                                        s(worker),
                                        ":lease",
                                        n(leaseUntil.toEpochMilli()),
                                        ":zero",
                                        n(0)))
                                .returnValues(ReturnValue.ALL_NEW))
                        .attributes();
                return Optional.of(download(item));
            } catch (ConditionalCheckFailedException takenMeanwhile) {
                // Another runner claimed it, or it was paused or cancelled since the query: try the next one.
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean progress(
            String id, String worker, long bytesDone, Long totalBytes, Instant leaseUntil, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(held(worker));
        values.put(":done", n(bytesDone));
        values.put(":lease", n(leaseUntil.toEpochMilli()));
        values.put(":now", n(now.toEpochMilli()));
        String update = "SET bytes_done = :done, lease_until = :lease, updated_at = :now";
        if (totalBytes != null) {
            values.put(":total", n(totalBytes));
            update += ", total_bytes = :total";
        }
        String expression = update;
        return items.updateIf(r -> r.key(key(id))
                .conditionExpression("#s = :downloading AND worker = :w")
                .updateExpression(expression)
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(values));
    }

    @Override
    public boolean finish(String id, String worker, long bytesDone, String error, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(held(worker));
        values.put(":to", s((error == null ? DownloadStatus.COMPLETED : DownloadStatus.FAILED).wire()));
        values.put(":done", n(bytesDone));
        values.put(":now", n(now.toEpochMilli()));
        values.put(":expires", n(now.plus(RETENTION).getEpochSecond()));
        String update = "SET #s = :to, bytes_done = :done, updated_at = :now, expires_at = :expires";
        if (error != null) {
            values.put(":error", s(error));
            update += ", #e = :error";
        }
        String expression = update + " REMOVE worker, lease_until";
        return items.updateIf(r -> r.key(key(id))
                .conditionExpression("#s = :downloading AND worker = :w")
                .updateExpression(expression)
                .expressionAttributeNames(
                        error == null ? Map.of("#s", "status") : Map.of("#s", "status", "#e", "error"))
                .expressionAttributeValues(values));
    }

    @Override
    public Optional<ModelDownload> transition(String id, DownloadStatus to, Instant now) {
        Set<DownloadStatus> from = switch (to) {
            case PAUSED -> Set.of(DownloadStatus.PENDING, DownloadStatus.DOWNLOADING);
            case PENDING -> Set.of(DownloadStatus.PAUSED, DownloadStatus.FAILED);
            case CANCELLED -> Set.of(DownloadStatus.PENDING, DownloadStatus.DOWNLOADING, DownloadStatus.PAUSED);
            default -> throw new IllegalArgumentException("Downloads are not moved to " + to + " on request");
        };
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> allowed = new ArrayList<>();
        for (DownloadStatus status : from) {
            values.put(":" + status.wire(), s(status.wire()));
            allowed.add(":" + status.wire());
        }
        values.put(":to", s(to.wire()));
        values.put(":now", n(now.toEpochMilli()));
        String update = "SET #s = :to, updated_at = :now";
        if (to == DownloadStatus.PENDING) {
            // A resumed download starts over: the parts of an aborted transfer are gone.
            values.put(":zero", n(0));
            update += ", bytes_done = :zero REMOVE worker, lease_until, #e, expires_at";
        } else if (to == DownloadStatus.CANCELLED) {
            values.put(":expires", n(now.plus(RETENTION).getEpochSecond()));
            update += ", expires_at = :expires REMOVE worker, lease_until";
        } else {
            update += " REMOVE worker, lease_until";
        }
        String expression = update;
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                            .key(key(id))
                            .conditionExpression("attribute_exists(pk) AND #s IN (" + String.join(", ", allowed) + ")")
                            .updateExpression(expression)
                            .expressionAttributeNames(
                                    to == DownloadStatus.PENDING
                                            ? Map.of("#s", "status", "#e", "error")
                                            : Map.of("#s", "status"))
                            .expressionAttributeValues(values)
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            return Optional.of(download(item));
        } catch (ConditionalCheckFailedException refused) {
            Optional<ModelDownload> current = find(id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            throw new ConflictException(
                    "Download '" + id + "' is " + current.get().status().wire() + "; it can become "
                            + to.wire() + " only from "
                            + from.stream().map(DownloadStatus::wire).sorted().collect(Collectors.joining(" or ")));
        }
    }

    private List<ModelDownload> all() {
        return items.query(PK, SK_PREFIX, Read.CONSISTENT).stream()
                .map(DynamoModelDownloads::download)
                .toList();
    }

    private static Map<String, AttributeValue> held(String worker) {
        return Map.of(":downloading", s(DownloadStatus.DOWNLOADING.wire()), ":w", s(worker));
    }

    private static ModelDownload download(Map<String, AttributeValue> item) {
        return new ModelDownload(
                item.get(Table.Attributes.SK).s().substring(SK_PREFIX.length()),
                item.get("url").s(),
                new ModelPath(item.get("folder").s(), item.get("name").s()),
                DownloadStatus.fromWire(item.get("status").s()).orElseThrow(),
                Long.parseLong(item.get("bytes_done").n()),
                item.containsKey("total_bytes")
                        ? Long.parseLong(item.get("total_bytes").n())
                        : null,
                item.containsKey("error") ? item.get("error").s() : null,
                item.get("requested_by").s(),
                Instant.ofEpochMilli(Long.parseLong(item.get("created_at").n())),
                Instant.ofEpochMilli(Long.parseLong(item.get("updated_at").n())),
                item.containsKey("worker") ? item.get("worker").s() : null,
                item.containsKey("lease_until")
                        ? Instant.ofEpochMilli(
                                Long.parseLong(item.get("lease_until").n()))
                        : null,
                item.containsKey("started_at")
                        ? Instant.ofEpochMilli(
                                Long.parseLong(item.get("started_at").n()))
                        : null,
                item.containsKey("preset_id") ? item.get("preset_id").s() : null,
                item.containsKey("install_id") ? item.get("install_id").s() : null);
    }

    private static Map<String, AttributeValue> key(String id) {
        return DynamoTable.key(PK, SK_PREFIX + id);
    }
}
