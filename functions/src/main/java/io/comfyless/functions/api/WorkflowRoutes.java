package io.comfyless.functions.api;

import io.comfyless.core.error.ErrorCodes;
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
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
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

    /**
     * {@code DELETE /v1/workflows/{id}/cancel} is the native way to cancel; the POST form (the
     * unversioned API's) keeps working on {@code /v1} until then, and says so in its headers.
     */
    public static final LocalDate POST_CANCEL_SUNSET = LocalDate.of(2027, 6, 30);

    private final JobService jobs;
    private final JobRequestParser parser;
    private final OutputLinks links;
    private final WorkerRegistry workers;
    private final Access access;
    private final Clock clock;

    public WorkflowRoutes(
            JobService jobs,
            JobRequestParser parser,
            OutputLinks links,
            WorkerRegistry workers,
            Access access,
            Clock clock) {
        this.jobs = jobs;
        this.parser = parser;
        this.links = links;
        this.workers = workers;
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
                .route("POST", "/v1/workflows/{id}/retry", access.require(Scope.WORKFLOWS_WRITE, this::retry))
                .deprecate("POST", "/v1/workflows/{id}/cancel", POST_CANCEL_SUNSET);
    }

    /**
     * Queues the workflow. With {@code ?wait=N}, holds the answer until the job finishes, up to N seconds:
     * a job that finished in time is answered with 200 and its results, as a synchronous API would.
     */
    ApiResponse execute(Caller caller, ApiRequest request, PathParams params) {
        Duration wait = Queries.waitParam(request);
        JobRequest job =
                parser.parseExecution(caller.tenantId(), request.json(), request.headers(), caller.timeoutLimit());
        Submission submission = jobs.submit(caller.tenantId(), job, request.header("x-request-id"));
        if (!wait.isZero()) {
            Job finished = jobs.getWhenFinished(submission.job(), wait);
            if (finished.status().isTerminal()) {
                return ApiResponse.ok(ResultsView.of(finished, links.links()));
            }
        }
        return ApiResponse.json(202, JobViews.Accepted.of(submission, parser.validationLevel()))
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
        Job job = read(caller, request, params);
        return ApiResponse.ok(JobViews.Execution.withWorkflow(job, position(job)));
    }

    ApiResponse status(Caller caller, ApiRequest request, PathParams params) {
        Job job = read(caller, request, params);
        boolean running = job.status() == JobStatus.RUNNING;
        Optional<Worker> runner = running && job.workerId() != null ? workers.find(job.workerId()) : Optional.empty();
        return ApiResponse.ok(JobViews.Status.of(
                job,
                position(job),
                clock.instant(),
                running ? jobs.typicalRunTime(job) : Optional.empty(),
                runner,
                links.preview(job)));
    }

    /** The job; with {@code ?wait=N}, once its status or progress changed, or after N seconds. */
    private Job read(Caller caller, ApiRequest request, PathParams params) {
        Duration wait = Queries.waitParam(request);
        return wait.isZero()
                ? jobs.get(caller.tenantId(), params.get("id"))
                : jobs.getWhenChanged(caller.tenantId(), params.get("id"), wait);
    }

    ApiResponse results(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.get(caller.tenantId(), params.get("id"));
        return ApiResponse.ok(ResultsView.of(job, links.delivery(request, job)));
    }

    ApiResponse logs(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.get(caller.tenantId(), params.get("id"));
        Optional<String> level = request.query("level").map(l -> l.toUpperCase(Locale.ROOT));
        if (level.isPresent() && !LogEntry.LEVELS.contains(level.get())) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, "level", "level must be one of DEBUG, INFO, WARNING, ERROR");
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
                                ErrorCodes.INVALID_VALUE,
                                "status",
                                "status must be one of: " + JobStatus.allowedValues())));
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
