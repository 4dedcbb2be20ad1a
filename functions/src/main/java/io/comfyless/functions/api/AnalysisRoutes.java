package io.comfyless.functions.api;

import io.comfyless.core.analysis.WorkflowAnalyzer;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;

/**
 * {@code POST /v1/workflows/analyze} (seed 003's "Analyze Workflow"): the {@code workflow} field of
 * an execute request, checked as a submission would be and answered with the findings (an invalid
 * graph is {@code valid: false}, not a 400), the node types, and the models it needs and the store
 * lacks. Nothing is queued, so it needs only {@code workflows:read}.
 */
public final class AnalysisRoutes {

    private final WorkflowAnalyzer analyzer;
    private final Access access;

    public AnalysisRoutes(WorkflowAnalyzer analyzer, Access access) {
        this.analyzer = analyzer;
        this.access = access;
    }

    public void register(Router router) {
        router.route("POST", "/v1/workflows/analyze", access.require(Scope.WORKFLOWS_READ, this::analyze));
    }

    ApiResponse analyze(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(analyzer.analyze(Bodies.object(request).get("workflow"), "workflow"));
    }
}
