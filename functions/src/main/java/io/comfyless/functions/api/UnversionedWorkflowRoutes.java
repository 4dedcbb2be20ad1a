package io.comfyless.functions.api;

import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobPage;
import io.comfyless.core.job.JobRequest;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.LogEntry;
import io.comfyless.core.job.Submission;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The unversioned job API, {@code /workflows/…}, in its own shapes: execute answers 200 with the
 * execution and its place in the queue, the list is a bare JSON array, results carry
 * {@code outputs.images[].url} (presigned) and {@code error: null}, status carries
 * {@code progress.eta_seconds}. The same jobs as {@code /v1/workflows}, translated.
 */
public final class UnversionedWorkflowRoutes {

    private final JobService jobs;
    private final JobRequestParser parser;
    private final WorkflowRoutes nativeRoutes;
    private final OutputLinks links;
    private final Access access;
    private final Clock clock;

    public UnversionedWorkflowRoutes(
            JobService jobs,
            JobRequestParser parser,
            WorkflowRoutes nativeRoutes,
            OutputLinks links,
            Access access,
            Clock clock) {
        this.jobs = jobs;
        this.parser = parser;
        this.nativeRoutes = nativeRoutes;
        this.links = links;
        this.access = access;
        this.clock = clock;
    }

    public void register(Router router) {
        router.route("POST", "/workflows/execute", access.require(Scope.WORKFLOWS_WRITE, this::execute))
                .route("GET", "/workflows", access.require(Scope.WORKFLOWS_READ, this::list))
                .route("GET", "/workflows/{execution_id}", access.require(Scope.WORKFLOWS_READ, this::get))
                .route("GET", "/workflows/{execution_id}/status", access.require(Scope.WORKFLOWS_READ, this::status))
                .route("GET", "/workflows/{execution_id}/logs", access.require(Scope.WORKFLOWS_READ, this::logs))
                .route("POST", "/workflows/{execution_id}/cancel", access.require(Scope.WORKFLOWS_WRITE, this::cancel))
                .route("POST", "/workflows/{execution_id}/retry", access.require(Scope.WORKFLOWS_WRITE, this::retry));
    }

    ApiResponse execute(Caller caller, ApiRequest request, PathParams params) {
        JobRequest job =
                parser.parseExecution(caller.tenantId(), request.json(), request.headers(), caller.timeoutLimit());
        Submission submission = jobs.submit(caller.tenantId(), job, request.header("x-request-id"));
        return ApiResponse.ok(UnversionedWorkflowViews.Accepted.of(submission))
                .withHeader("Location", "/workflows/" + submission.job().id());
    }

    /** A bare array, as the unversioned API lists; whether more follow is in {@code X-Has-More}. */
    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        JobPage page = nativeRoutes.page(caller, request);
        ApiResponse response = ApiResponse.ok(page.items().stream()
                        .map(job -> UnversionedWorkflowViews.Result.of(job, links::link))
                        .toList())
                .withHeader("X-Has-More", Boolean.toString(page.hasMore()));
        return page.hasMore()
                ? response.withHeader("X-Next-Offset", Integer.toString(page.offset() + page.limit()))
                : response;
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(UnversionedWorkflowViews.Result.of(job(caller, params), links::link));
    }

    ApiResponse status(Caller caller, ApiRequest request, PathParams params) {
        Job job = job(caller, params);
        Long position = job.status() == JobStatus.PENDING ? jobs.queuePosition(job) : null;
        return ApiResponse.ok(
                UnversionedWorkflowViews.StatusView.of(job, position, jobs.estimatedRunTime(), clock.instant()));
    }

    ApiResponse logs(Caller caller, ApiRequest request, PathParams params) {
        Job job = job(caller, params);
        Optional<String> level = request.query("level").map(l -> l.toUpperCase(Locale.ROOT));
        if (level.isPresent() && !List.of("DEBUG", "INFO", "WARNING", "ERROR").contains(level.get())) {
            throw ValidationException.of("INVALID_VALUE", "level", "level must be one of DEBUG, INFO, WARNING, ERROR");
        }
        int tail = Queries.intParam(request, "tail", 100, 1, 1000);
        List<LogEntry> matching = job.logs().stream()
                .filter(entry -> level.isEmpty() || entry.level().equals(level.get()))
                .toList();
        List<LogEntry> shown = matching.subList(Math.max(0, matching.size() - tail), matching.size());
        return ApiResponse.ok(new UnversionedWorkflowViews.Logs(
                job.id(),
                shown.stream().map(UnversionedWorkflowViews.LogLine::of).toList(),
                job.logs().size(),
                shown.size() != job.logs().size()));
    }

    ApiResponse cancel(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.cancel(caller.tenantId(), params.get("execution_id"));
        return ApiResponse.ok(UnversionedWorkflowViews.Cancelled.of(job));
    }

    ApiResponse retry(Caller caller, ApiRequest request, PathParams params) {
        Submission submission = jobs.retry(caller.tenantId(), params.get("execution_id"));
        return ApiResponse.ok(UnversionedWorkflowViews.Retried.of(submission))
                .withHeader("Location", "/workflows/" + submission.job().id());
    }

    private Job job(Caller caller, PathParams params) {
        return jobs.get(caller.tenantId(), params.get("execution_id"));
    }
}
