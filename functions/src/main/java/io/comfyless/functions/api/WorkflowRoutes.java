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
import java.util.Map;
import java.util.Optional;

/**
 * The native job API under {@code /v1/workflows} (seed 002's shapes, seed 001's extras). Reading
 * needs {@code workflows:read}; submitting, cancelling and retrying spend GPU time and need
 * {@code workflows:write}.
 */
public final class WorkflowRoutes {

    private final JobService jobs;
    private final JobRequestParser parser;
    private final OutputLinks links;
    private final Access access;
    private final Clock clock;

    public WorkflowRoutes(JobService jobs, JobRequestParser parser, OutputLinks links, Access access, Clock clock) {
        this.jobs = jobs;
        this.parser = parser;
        this.links = links;
        this.access = access;
        this.clock = clock;
    }

    public void register(Router router) {
        router.route("POST", "/v1/workflows/execute", access.require(Scope.WORKFLOWS_WRITE, this::execute))
                .route("GET", "/v1/workflows", access.require(Scope.WORKFLOWS_READ, this::list))
                .route("GET", "/v1/workflows/{id}", access.require(Scope.WORKFLOWS_READ, this::get))
                .route("GET", "/v1/workflows/{id}/status", access.require(Scope.WORKFLOWS_READ, this::status))
                .route("GET", "/v1/workflows/{id}/results", access.require(Scope.WORKFLOWS_READ, this::results))
                .route("GET", "/v1/workflows/{id}/logs", access.require(Scope.WORKFLOWS_READ, this::logs))
                .route("POST", "/v1/workflows/{id}/cancel", access.require(Scope.WORKFLOWS_WRITE, this::cancel))
                .route("DELETE", "/v1/workflows/{id}/cancel", access.require(Scope.WORKFLOWS_WRITE, this::cancel))
                .route("POST", "/v1/workflows/{id}/retry", access.require(Scope.WORKFLOWS_WRITE, this::retry));
    }

    ApiResponse execute(Caller caller, ApiRequest request, PathParams params) {
        JobRequest job =
                parser.parseExecution(caller.tenantId(), request.json(), request.headers(), caller.timeoutLimit());
        Submission submission = jobs.submit(caller.tenantId(), job, request.header("x-request-id"));
        return ApiResponse.json(202, JobViews.Accepted.of(submission))
                .withHeader("Location", JobViews.statusUrl(submission.job().id()));
    }

    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        JobPage page = page(caller, request);
        return ApiResponse.ok(Map.of(
                "executions",
                        page.items().stream()
                                .map(job -> JobViews.Execution.of(job, null))
                                .toList(),
                "pagination", Pagination.of(page)));
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.get(caller.tenantId(), params.get("id"));
        return ApiResponse.ok(JobViews.Execution.withWorkflow(job, position(job)));
    }

    ApiResponse status(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.get(caller.tenantId(), params.get("id"));
        boolean running = job.status() == JobStatus.RUNNING;
        return ApiResponse.ok(JobViews.Status.of(
                job,
                position(job),
                clock.instant(),
                running ? jobs.typicalRunTime(job) : Optional.empty(),
                links.preview(job)));
    }

    ApiResponse results(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.get(caller.tenantId(), params.get("id"));
        return ApiResponse.ok(ResultsView.of(job, links.delivery(request, job)));
    }

    ApiResponse logs(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.get(caller.tenantId(), params.get("id"));
        Optional<String> level = request.query("level").map(l -> l.toUpperCase(Locale.ROOT));
        if (level.isPresent() && !List.of("DEBUG", "INFO", "WARNING", "ERROR").contains(level.get())) {
            throw ValidationException.of("INVALID_VALUE", "level", "level must be one of DEBUG, INFO, WARNING, ERROR");
        }
        int tail = Queries.intParam(request, "tail", 100, 1, 1000);
        List<LogEntry> matching = job.logs().stream()
                .filter(entry -> level.isEmpty() || entry.level().equals(level.get()))
                .toList();
        List<LogEntry> shown = matching.subList(Math.max(0, matching.size() - tail), matching.size());
        return ApiResponse.ok(new JobViews.Logs(
                job.id(), shown, job.logs().size(), shown.size() != job.logs().size()));
    }

    ApiResponse cancel(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.cancel(caller.tenantId(), params.get("id"));
        return ApiResponse.json(job.status() == JobStatus.CANCELLED ? 200 : 202, JobViews.Cancelled.of(job));
    }

    ApiResponse retry(Caller caller, ApiRequest request, PathParams params) {
        Submission submission = jobs.retry(caller.tenantId(), params.get("id"));
        return ApiResponse.json(202, JobViews.Accepted.of(submission))
                .withHeader("Location", JobViews.statusUrl(submission.job().id()));
    }

    JobPage page(Caller caller, ApiRequest request) {
        Optional<JobStatus> status = request.query("status")
                .map(value -> JobStatus.fromWire(value.toLowerCase(Locale.ROOT))
                        .orElseThrow(() -> ValidationException.of(
                                "INVALID_VALUE", "status", "status must be one of: " + JobStatus.allowedValues())));
        int limit = Queries.intParam(request, "limit", 20, 1, 100);
        int offset = Queries.intParam(request, "offset", 0, 0, 10_000);
        return jobs.list(caller.tenantId(), status, limit, offset);
    }

    private Long position(Job job) {
        return job.status() == JobStatus.PENDING ? jobs.queuePosition(job) : null;
    }

    record Pagination(int limit, int offset, boolean hasMore, Integer nextOffset) {
        static Pagination of(JobPage page) {
            return new Pagination(
                    page.limit(), page.offset(), page.hasMore(), page.hasMore() ? page.offset() + page.limit() : null);
        }
    }
}
