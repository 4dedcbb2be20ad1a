package io.comfyless.local.cli;

import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.tenant.ApiKey;
import io.comfyless.core.tenant.ApiKeyType;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.tenant.Tier;
import io.comfyless.local.stack.LocalEnvFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code comfyless keys create|list|revoke|tier}: API key administration, straight against the
 * tenants table (this is how the first key of a deployment is made). Resource names come from the
 * environment (COMFYLESS_TABLE_TENANTS and AWS credentials for a deployed stack, see
 * infra-cdk/README.md) or, by default, from the running {@code ./comfyless up}.
 */
@Command(name = "keys", description = "Create, list and revoke API keys; set a tenant's tier")
final class KeysCommand {

    /** Which stack and tenant: an env file of KEY=VALUE lines, then the process environment. */
    static final class Target {
        @Option(names = "--env-file", description = "Resource names and endpoint (default: the running ./comfyless up)")
        Path envFile;

        @Option(names = "--tenant", required = true)
        String tenant;

        ApiKeys keys() {
            Map<String, String> env = new HashMap<>(LocalEnvFile.read(envFile != null ? envFile : LocalEnvFile.path())
                    .orElse(Map.of()));
            env.putAll(System.getenv());
            RuntimeConfig config = RuntimeConfig.from(env::get);
            return ApiKeys.from(config, new AwsClients(config));
        }
    }

    @Command(name = "create", description = "Create a key; its secret is printed once and never stored")
    int create(
            @Mixin Target target,
            @Option(
                            names = "--type",
                            defaultValue = "sk",
                            description = "sk (server, all scopes) or pk (client-side, read-only by default)")
                    String type,
            @Option(names = "--scope", description = "Scopes for a pk key, e.g. --scope workflows:write")
                    List<String> scopes,
            @Option(names = "--name", defaultValue = "cli") String name) {
        Set<Scope> granted = new LinkedHashSet<>();
        if (scopes != null) {
            scopes.forEach(scope -> granted.add(Scope.parse(scope, "--scope")));
        }
        ApiKeyType keyType =
                ApiKeyType.fromCode(type).orElseThrow(() -> new IllegalStateException("--type must be sk or pk"));
        IssuedApiKey issued = target.keys().create(new NewApiKey(target.tenant, keyType, granted, name));
        System.out.println(issued.secret());
        System.err.println("Key " + issued.key().id() + " for tenant " + target.tenant + " with scopes "
                + wire(issued.key().scopes()) + ". Keep the secret above: it cannot be shown again.");
        return 0;
    }

    @Command(name = "list", description = "List a tenant's keys (prefixes only)")
    int list(@Mixin Target target) {
        for (ApiKey key : target.keys().list(target.tenant)) {
            System.out.printf(
                    "%-24s %-26s %-10s %s %s%n",
                    key.id(), key.displayPrefix(), key.active() ? "active" : "revoked", key.name(), wire(key.scopes()));
        }
        return 0;
    }

    @Command(name = "revoke", description = "Revoke a key")
    int revoke(@Mixin Target target, @Parameters(paramLabel = "KEY_ID") String keyId) {
        target.keys().revoke(target.tenant, keyId);
        System.out.println("Revoked " + keyId + " (API instances forget cached keys within 30 s)");
        return 0;
    }

    @Command(name = "tier", description = "Set a tenant's tier: basic, pro or enterprise")
    int tier(@Mixin Target target, @Parameters(paramLabel = "TIER") String tier) {
        target.keys().setTier(target.tenant, Tier.parse(tier, "TIER"));
        System.out.println("Tenant " + target.tenant + " is now on the " + tier + " tier");
        return 0;
    }

    private static String wire(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wire).sorted().collect(Collectors.joining(","));
    }
}
