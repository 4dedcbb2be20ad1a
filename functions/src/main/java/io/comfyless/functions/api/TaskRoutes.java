package io.comfyless.functions.api;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobPage;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Submission;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.Map;

/**
 * Seed 000's task API, kept exactly as that document shows it: {@code /api/v1/tasks} to submit,
 * list, read and cancel (DELETE). Tasks are jobs; only the paths and the submit status (201) differ.
 */
public final class TaskRoutes {

    private final JobService jobs;
    private final JobRequestParser parser;
    private final WorkflowRoutes workflows;
    private final Access access;

    public TaskRoutes(JobService jobs, JobRequestParser parser, WorkflowRoutes workflows, Access access) {
        this.jobs = jobs;
        this.parser = parser;
        this.workflows = workflows;
        this.access = access;
    }

    public void register(Router router) {
        router.route("POST", "/api/v1/tasks", access.require(Scope.WORKFLOWS_WRITE, this::submit))
                .route("GET", "/api/v1/tasks", access.require(Scope.WORKFLOWS_READ, this::list))
                .route("GET", "/api/v1/tasks/{id}", access.require(Scope.WORKFLOWS_READ, this::get))
                .route("DELETE", "/api/v1/tasks/{id}", access.require(Scope.WORKFLOWS_WRITE, this::cancel));
    }

    ApiResponse submit(Caller caller, ApiRequest request, PathParams params) {
        Submission submission = jobs.submit(
                caller.tenantId(),
                parser.parseTask(caller.tenantId(), request.json(), caller.timeoutLimit()),
                request.header("x-request-id"));
        Job job = submission.job();
        return ApiResponse.json(
                        submission.created() ? 201 : 200, JobViews.Execution.of(job, submission.queuePosition()))
                .withHeader("Location", "/api/v1/tasks/" + job.id());
    }

    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        JobPage page = workflows.page(caller, request);
        return ApiResponse.ok(Map.of(
                "tasks",
                        page.items().stream()
                                .map(job -> JobViews.Execution.of(job, null))
                                .toList(),
                "pagination", WorkflowRoutes.Pagination.of(page)));
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.get(caller.tenantId(), params.get("id"));
        return ApiResponse.ok(
                JobViews.Execution.of(job, job.status() == JobStatus.PENDING ? jobs.queuePosition(job) : null));
    }

    ApiResponse cancel(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.cancel(caller.tenantId(), params.get("id"));
        return ApiResponse.json(job.status() == JobStatus.CANCELLED ? 200 : 202, JobViews.Cancelled.of(job));
    }
}
