package io.comfyless.core.live;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ConnectionStore} in memory, for unit tests of the live-update logic; it keeps the same
 * contract as {@link DynamoConnectionStore} (see {@code ConnectionStoreContract}) but ignores expiry.
 */
public final class InMemoryConnectionStore implements ConnectionStore {

    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final Map<String, Set<String>> subscribers = new LinkedHashMap<>();
    private final Map<String, Long> versions = new LinkedHashMap<>();

    @Override
    public synchronized void open(Connection connection, Instant expiresAt) {
        connections.put(connection.id(), connection);
    }

    @Override
    public synchronized Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId));
    }

    @Override
    public synchronized boolean subscribe(String connectionId, Topic topic, Instant expiresAt) {
        Connection connection = connections.get(connectionId);
        if (connection == null) {
            return false;
        }
        Set<String> topics = new HashSet<>(connection.topics());
        topics.add(topic.key());
        connections.put(
                connectionId,
                new Connection(
                        connectionId, connection.tenant(), connection.scopes(), connection.connectedAt(), topics));
        subscribers.computeIfAbsent(topic.key(), key -> new LinkedHashSet<>()).add(connectionId);
        versions.merge(topic.tenant(), 1L, Long::sum);
        return true;
    }

    @Override
    public synchronized void unsubscribe(String connectionId, Topic topic) {
        Set<String> current = subscribers.get(topic.key());
        if (current != null) {
            current.remove(connectionId);
        }
        versions.merge(topic.tenant(), 1L, Long::sum);
        Connection connection = connections.get(connectionId);
        if (connection != null) {
            Set<String> topics = new HashSet<>(connection.topics());
            topics.remove(topic.key());
            connections.put(
                    connectionId,
                    new Connection(
                            connectionId, connection.tenant(), connection.scopes(), connection.connectedAt(), topics));
        }
    }

    @Override
    public synchronized void close(String connectionId) {
        Connection connection = connections.remove(connectionId);
        if (connection != null) {
            connection.topics().forEach(key -> {
                subscribers.getOrDefault(key, new HashSet<>()).remove(connectionId);
                versions.merge(Topic.fromKey(key).tenant(), 1L, Long::sum);
            });
        }
    }

    @Override
    public synchronized List<String> subscribers(Topic topic) {
        return List.copyOf(subscribers.getOrDefault(topic.key(), Set.of()));
    }

    @Override
    public synchronized Map<String, List<String>> subscriptions(String tenant) {
        Map<String, List<String>> byTopic = new LinkedHashMap<>();
        subscribers.forEach((key, connections) -> {
            Topic topic = Topic.fromKey(key);
            if (topic.tenant().equals(tenant) && !connections.isEmpty()) {
                byTopic.put(topic.name(), List.copyOf(connections));
            }
        });
        return byTopic;
    }

    @Override
    public synchronized long version(String tenant) {
        return versions.getOrDefault(tenant, 0L);
    }
}
