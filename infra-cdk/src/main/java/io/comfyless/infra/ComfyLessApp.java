package io.comfyless.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The CDK app: reads the context into {@link StackSettings}, builds {@link ComfyLessStack}, runs
 * cdk-nag's AWS Solutions checks over it and synthesizes. Works under {@code cdk synth/deploy}
 * (which sets {@code CDK_OUTDIR} and the context) and as a plain {@code java} main; either way
 * it exits non-zero when an unsuppressed cdk-nag error (or any other error annotation) remains.
 */
public final class ComfyLessApp {

    public static final String DEFAULT_STACK_NAME = "ComfyLess";
    /** The metadata type CDK gives error annotations in the cloud assembly. */
    static final String ERROR_TYPE = "aws:cdk:error";

    private ComfyLessApp() {}

    public static void main(String[] args) {
        App app = new App();
        StackSettings settings = StackSettings.fromContext(app.getNode());
        String stackName = Optional.ofNullable(app.getNode().tryGetContext("stackName"))
                .map(Object::toString)
                .orElse(DEFAULT_STACK_NAME);
        new ComfyLessStack(
                app,
                stackName,
                StackProps.builder()
                        .description("ComfyLess: ComfyUI workflows as an API on AWS, GPUs scaled from zero")
                        .env(environment())
                        .build(),
                settings);
        Nag.check(app);
        List<String> errors = errors(app.synth());
        if (!errors.isEmpty()) {
            errors.forEach(System.err::println);
            System.err.println(errors.size() + " error(s) in the synthesized stack; see above.");
            System.exit(1);
        }
    }

    /** Every error annotation in the assembly (unsuppressed cdk-nag errors among them), as text. */
    // The cxapi message types are deprecated in favour of a Node-only package with no Java binding yet.
    @SuppressWarnings("deprecation")
    static List<String> errors(CloudAssembly assembly) {
        return assembly.getStacks().stream()
                .flatMap(stack -> stack.getMessages().stream())
                .filter(message -> ERROR_TYPE.equals(message.getEntry().getType()))
                .map(message -> message.getId() + ": " + message.getEntry().getData())
                .toList();
    }

    /**
     * The account and region the CDK CLI resolved from the caller's credentials, when it did; then
     * the VPC can spread over three real zones. Without them the stack stays environment-agnostic.
     */
    private static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account == null || region == null) {
            return null;
        }
        return Environment.builder().account(account).region(region).build();
    }
}
