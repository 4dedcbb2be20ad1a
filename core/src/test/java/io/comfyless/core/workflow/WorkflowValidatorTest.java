package io.comfyless.core.workflow;

import static io.comfyless.core.workflow.Graphs.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.comfyless.core.catalog.NodeCatalogSource;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.UnprocessableWorkflowException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.error.WorkflowValidationException;
import io.comfyless.core.net.UrlGuard;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowValidatorTest {

    private final WorkflowValidator validator = new WorkflowValidator(ValidationRules.defaults());

    private List<ErrorDetail> problems(Workflow workflow) {
        try {
            validator.validate(workflow);
        } catch (ValidationException e) {
            return e.details();
        }
        throw new AssertionError("expected the workflow to be rejected");
    }

    @Test
    void acceptsAWellFormedGraph() {
        assertThatCode(() -> validator.validate(Graphs.txt2img())).doesNotThrowAnyException();
    }

    @Test
    void namesTheNodeAndInputOfALinkToAMissingNode() {
        Workflow broken =
                workflow("{'1': {'class_type': 'VAEDecode', 'inputs': {'samples': ['9', 0], 'vae': ['1', 2]}}}");

        assertThatThrownBy(() -> validator.validate(broken))
                .isInstanceOf(WorkflowValidationException.class)
                .hasMessageContaining("Node '1' (VAEDecode) input 'samples' links to node '9', which does not exist");
        assertThat(problems(broken)).singleElement().satisfies(detail -> {
            assertThat(detail.code()).isEqualTo("LINK_TO_MISSING_NODE");
            assertThat(detail.nodeId()).isEqualTo("1");
            assertThat(detail.input()).isEqualTo("samples");
        });
    }

    @Test
    void rejectsNegativeOutputIndexesAndMalformedLinks() {
        assertThat(
                        problems(
                                workflow(
                                        "{'1': {'class_type': 'A', 'inputs': {}}, '2': {'class_type': 'B', 'inputs': {'x': ['1', -1]}}}")))
                .extracting(ErrorDetail::code)
                .containsExactly("BAD_OUTPUT_INDEX");
        assertThat(problems(workflow("{'1': {'class_type': 'A', 'inputs': {'x': ['1']}}}")))
                .extracting(ErrorDetail::code)
                .containsExactly("BAD_LINK");
    }

    @Test
    void requiresClassTypeAndInputsOnEveryNode() {
        assertThat(problems(workflow("{'1': {'inputs': {}}, '2': {'class_type': 'B'}}")))
                .extracting(ErrorDetail::code, ErrorDetail::nodeId)
                .containsExactly(tuple("MISSING_CLASS_TYPE", "1"), tuple("MISSING_INPUTS", "2"));
    }

    @Test
    void refusesDeniedNodeTypesAsUnprocessable() {
        Workflow workflow = workflow("{'1': {'class_type': 'ExecuteCode', 'inputs': {'code': 'rm -rf /'}}}");

        assertThatThrownBy(() -> validator.validate(workflow))
                .isInstanceOf(UnprocessableWorkflowException.class)
                .hasMessageContaining("Node '1' (ExecuteCode)");
    }

    @Test
    void honoursAConfiguredAllowList() {
        var rules = new ValidationRules(100, 500, 10_000, 1_000_000, Set.of(), Set.of("EmptyImage", "SaveImage"));
        Workflow workflow = workflow("{'1': {'class_type': 'KSampler', 'inputs': {}}}");

        assertThatThrownBy(() -> new WorkflowValidator(rules).validate(workflow))
                .isInstanceOf(UnprocessableWorkflowException.class);
    }

    @Test
    void enforcesSizeLimits() {
        var tight = new ValidationRules(2, 1, 5, 100, Set.of(), Set.of());
        Workflow workflow = workflow(
                "{'1': {'class_type': 'A', 'inputs': {'text': 'too long', 'n': 101}},"
                        + " '2': {'class_type': 'B', 'inputs': {'a': ['1', 0], 'b': ['1', 1]}}, '3': {'class_type': 'C', 'inputs': {}}}");

        assertThatThrownBy(() -> new WorkflowValidator(tight).validate(workflow))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.details())
                                .extracting(ErrorDetail::code)
                                .contains(
                                        "TOO_MANY_NODES",
                                        "TOO_MANY_CONNECTIONS",
                                        "STRING_TOO_LONG",
                                        "VALUE_TOO_LARGE"));
    }

    @Test
    void exemptsSeedsFromTheNumericLimitBecauseComfyUiSeedsAre64Bit() {
        Workflow workflow = workflow(
                "{'1': {'class_type': 'KSampler', 'inputs': {'seed': 46588125086418, 'noise_seed': 46588125086418}}}");

        assertThatCode(() -> validator.validate(workflow)).doesNotThrowAnyException();
    }

    @Test
    void allowsOnlyHttpsUrlsInInputs() {
        assertThat(problems(workflow(
                        "{'1': {'class_type': 'LoadImageFromUrl', 'inputs': {'url': 'http://169.254.169.254/'}}}")))
                .extracting(ErrorDetail::code)
                .containsExactly("URL_SCHEME_NOT_ALLOWED");
        assertThatCode(() -> validator.validate(workflow(
                        "{'1': {'class_type': 'LoadImageFromUrl', 'inputs': {'url': 'https://example.com/a.png'}}}")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnInputImageWhoseHostResolvesIntoTheNetwork() {
        UrlGuard resolvesInward = new UrlGuard(
                false,
                false,
                host -> host.equals("inward.example")
                        ? new InetAddress[] {
                            InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})
                        }
                        : new InetAddress[] {InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14})});
        WorkflowValidator resolving = new WorkflowValidator(
                ValidationRules.defaults(), NodeCatalogSource.none(), (f, n) -> false, resolvesInward);
        String loader = "{'1': {'class_type': 'LoadImage', 'inputs': {'image': '%s'}}}";

        assertThatThrownBy(() -> resolving.validate(workflow(loader.formatted("https://inward.example/cat.png"))))
                .isInstanceOfSatisfying(
                        WorkflowValidationException.class,
                        e -> assertThat(e.details()).singleElement().satisfies(detail -> {
                            assertThat(detail.code()).isEqualTo("URL_NOT_ALLOWED");
                            assertThat(detail.nodeId()).isEqualTo("1");
                            assertThat(detail.input()).isEqualTo("image");
                            assertThat(detail.message()).contains("link-local", "169.254.169.254");
                        }));
        assertThat(problems(workflow(loader.formatted("https://127.0.0.1/cat.png"))))
                .extracting(ErrorDetail::code)
                .containsExactly("URL_NOT_ALLOWED");
        assertThatCode(() -> resolving.validate(workflow(loader.formatted("https://public.example/cat.png"))))
                .doesNotThrowAnyException();
    }

    @Test
    void findsCycles() {
        Workflow cyclic = workflow(
                "{'1': {'class_type': 'A', 'inputs': {'x': ['2', 0]}}, '2': {'class_type': 'B', 'inputs': {'y': ['1', 0]}}}");

        assertThat(problems(cyclic)).extracting(ErrorDetail::code).containsExactly("DEPENDENCY_CYCLE");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Workflow workflow = workflow("{'1': {'class_type': 'A', 'inputs': {'a': ['8', 0], 'b': ['9', 0]}}}");

        assertThat(problems(workflow)).extracting(ErrorDetail::input).containsExactly("a", "b");
    }
}
