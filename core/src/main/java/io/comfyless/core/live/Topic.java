package io.comfyless.core.live;

/**
 * What a connection subscribes to: one job, one batch, or a channel, always within one tenant, so
 * that a lookup of a tenant's subscribers can never reach another tenant's connections. The fleet
 * channel alone is shared ({@link #SHARED}), because the fleet is.
 */
public record Topic(String tenant, String name) {

    /** The tenant part of the fleet channel, which every tenant shares. */
    static final String SHARED = "*";

    private static final String JOB = "job:";
    private static final String BATCH = "batch:";

    public static Topic job(String tenant, String executionId) {
        return new Topic(tenant, JOB + executionId);
    }

    public static Topic batch(String tenant, String batchId) {
        return new Topic(tenant, BATCH + batchId);
    }

    public static Topic channel(String tenant, Channel channel) {
        return new Topic(channel == Channel.FLEET ? SHARED : tenant, channel.wire());
    }

    /** {@code <tenant>#<name>}: names (ids the stack made, channel names) hold no {@code #}, so this splits back. */
    public String key() {
        return tenant + "#" + name;
    }

    public static Topic fromKey(String key) {
        int split = key.lastIndexOf('#');
        return new Topic(key.substring(0, split), key.substring(split + 1));
    }

    /** How clients see it in acknowledgements: {@code job:<id>}, {@code batch:<id>}, or the channel's name. */
    public String wire() {
        return name;
    }
}
