package io.comfyless.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.tenant.Scope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionStore} must do; run against the in-memory store and against DynamoDB. */
abstract class ConnectionStoreContract {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final Instant expires = now.plusSeconds(7200);

    abstract ConnectionStore store();

    private String opened(String tenant) {
        String id = "c" + UUID.randomUUID();
        store().open(Connection.opened(id, tenant, EnumSet.of(Scope.WORKFLOWS_READ), now), expires);
        return id;
    }

    private static String tenant() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anOpenedConnectionIsFoundWithItsTenantAndScopes() {
        String tenant = tenant();
        String id = opened(tenant);

        Connection found = store().find(id).orElseThrow();

        assertThat(found.tenant()).isEqualTo(tenant);
        assertThat(found.scopes()).containsExactly(Scope.WORKFLOWS_READ);
        assertThat(found.connectedAt()).isEqualTo(now);
        assertThat(found.topics()).isEmpty();
    }

    @Test
    void subscribersAreListedPerTopicAndNeverAcrossTenants() {
        String alice = tenant();
        String bob = tenant();
        String a1 = opened(alice);
        String a2 = opened(alice);
        String b1 = opened(bob);

        store().subscribe(a1, Topic.channel(alice, Channel.JOBS), expires);
        store().subscribe(a2, Topic.channel(alice, Channel.JOBS), expires);
        store().subscribe(a2, Topic.job(alice, "exec_1"), expires);
        store().subscribe(b1, Topic.channel(bob, Channel.JOBS), expires);
        store().subscribe(b1, Topic.job(bob, "exec_1"), expires);

        assertThat(store().subscribers(Topic.channel(alice, Channel.JOBS))).containsExactlyInAnyOrder(a1, a2);
        assertThat(store().subscribers(Topic.job(alice, "exec_1"))).containsExactly(a2);
        assertThat(store().subscribers(Topic.job(bob, "exec_1"))).containsExactly(b1);
        assertThat(store().find(a2).orElseThrow().topics())
                .containsExactlyInAnyOrder(
                        Topic.channel(alice, Channel.JOBS).key(),
                        Topic.job(alice, "exec_1").key());
    }

    @Test
    void aTenantsSubscriptionsAreReadTogetherByTopicAndHoldNoOtherTenants() {
        String alice = tenant();
        String bob = tenant();
        String a1 = opened(alice);
        String a2 = opened(alice);
        String b1 = opened(bob);
        store().subscribe(a1, Topic.job(alice, "exec_s"), expires);
        store().subscribe(a2, Topic.job(alice, "exec_s"), expires);
        store().subscribe(a2, Topic.channel(alice, Channel.QUEUE), expires);
        store().subscribe(b1, Topic.job(bob, "exec_s"), expires);

        Map<String, List<String>> subscriptions = store().subscriptions(alice);

        assertThat(subscriptions).containsOnlyKeys("job:exec_s", "queue");
        assertThat(subscriptions.get("job:exec_s")).containsExactlyInAnyOrder(a1, a2);
        assertThat(subscriptions.get("queue")).containsExactly(a2);
    }

    @Test
    void theFleetChannelIsSharedByEveryTenant() {
        String alice = tenant();
        String bob = tenant();
        String a = opened(alice);
        String b = opened(bob);

        store().subscribe(a, Topic.channel(alice, Channel.FLEET), expires);
        store().subscribe(b, Topic.channel(bob, Channel.FLEET), expires);

        assertThat(store().subscribers(Topic.channel("anyone", Channel.FLEET))).contains(a, b);
    }

    @Test
    void unsubscribingRemovesThatTopicOnly() {
        String tenant = tenant();
        String id = opened(tenant);
        store().subscribe(id, Topic.job(tenant, "exec_a"), expires);
        store().subscribe(id, Topic.job(tenant, "exec_b"), expires);

        store().unsubscribe(id, Topic.job(tenant, "exec_a"));

        assertThat(store().subscribers(Topic.job(tenant, "exec_a"))).isEmpty();
        assertThat(store().subscribers(Topic.job(tenant, "exec_b"))).containsExactly(id);
        assertThat(store().find(id).orElseThrow().topics())
                .containsExactly(Topic.job(tenant, "exec_b").key());
    }

    @Test
    void closingRemovesTheConnectionAndEverySubscriptionItHad() {
        String tenant = tenant();
        String id = opened(tenant);
        String other = opened(tenant);
        store().subscribe(id, Topic.job(tenant, "exec_c"), expires);
        store().subscribe(id, Topic.channel(tenant, Channel.QUEUE), expires);
        store().subscribe(other, Topic.job(tenant, "exec_c"), expires);

        store().close(id);

        assertThat(store().find(id)).isEmpty();
        assertThat(store().subscribers(Topic.job(tenant, "exec_c"))).containsExactly(other);
        assertThat(store().subscribers(Topic.channel(tenant, Channel.QUEUE))).isEmpty();
    }

    @Test
    void aClosedConnectionCannotSubscribeAndClosingItAgainDoesNothing() {
        String tenant = tenant();
        String id = opened(tenant);
        store().close(id);

        boolean subscribed = store().subscribe(id, Topic.job(tenant, "exec_d"), expires);
        store().close(id);

        assertThat(subscribed).isFalse();
        assertThat(store().subscribers(Topic.job(tenant, "exec_d"))).isEmpty();
    }

    @Test
    void everyChangeOfATenantsSubscriptionsChangesItsVersionAndNoOtherTenants() {
        String alice = tenant();
        String bob = tenant();
        String connection = opened(alice);
        long bobs = store().version(bob);
        List<Long> versions = new ArrayList<>();

        versions.add(store().version(alice));
        store().subscribe(connection, Topic.job(alice, "exec_v"), expires);
        versions.add(store().version(alice));
        store().unsubscribe(connection, Topic.job(alice, "exec_v"));
        versions.add(store().version(alice));
        store().subscribe(connection, Topic.channel(alice, Channel.JOBS), expires);
        versions.add(store().version(alice));
        store().close(connection);
        versions.add(store().version(alice));

        assertThat(versions).doesNotHaveDuplicates();
        assertThat(store().version(bob)).isEqualTo(bobs);
    }
}
