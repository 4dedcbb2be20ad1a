package io.comfyless.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.Arrays;
import java.util.List;
import software.amazon.awscdk.Aspects;
import software.constructs.IConstruct;

/**
 * cdk-nag in one place: the rule pack the app and the tests apply, and the one way a rule is
 * suppressed (on a single construct, with a reason, and where the rule reports findings, only
 * for the findings that match the given patterns).
 */
public final class Nag {

    private Nag() {}

    /** Applies the AWS Solutions rule pack to everything under {@code scope}. */
    public static void check(IConstruct scope) {
        Aspects.of(scope).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
    }

    /** Suppresses {@code ruleId} on {@code construct} and its children, for every finding. */
    public static void suppress(IConstruct construct, String ruleId, String reason) {
        NagSuppressions.addResourceSuppressions(
                construct,
                List.of(NagPackSuppression.builder().id(ruleId).reason(reason).build()),
                true);
    }

    /**
     * Suppresses {@code ruleId} on {@code construct} and its children only for findings matching
     * one of {@code findingPatterns} (JavaScript regular expressions, since cdk-nag runs in Node, over cdk-nag's finding text such
     * as {@code Resource::<BucketArn>/outputs/*}); any other finding of the rule still fails.
     */
    public static void suppress(IConstruct construct, String ruleId, String reason, String... findingPatterns) {
        List<Object> appliesTo = Arrays.stream(findingPatterns)
                .map(pattern -> (Object)
                        RegexAppliesTo.builder().regex("/" + pattern + "/").build())
                .toList();
        NagSuppressions.addResourceSuppressions(
                construct,
                List.of(NagPackSuppression.builder()
                        .id(ruleId)
                        .reason(reason)
                        .appliesTo(appliesTo)
                        .build()),
                true);
    }
}
