package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobPage;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Submission;
import io.comfyless.core.json.Json;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's ComfyUI queue routes, {@code /api/comfyui/…}, mapped onto the fleet: the queue is
 * the caller's pending and running executions (across every runner), a {@code prompt_id} is an
 * execution id, {@code number} its place in the caller's queue; clearing the queue cancels every
 * pending execution of the tenant (running ones too with {@code type=running|all}); interrupting
 * cancels the running ones.
 */
public final class DashboardQueueRoutes {

    /** The most executions one clear or interrupt cancels; a larger backlog takes repeated calls. */
    static final int MAX_PER_CALL = 1000;

    private final JobService jobs;
    private final JobRequestParser parser;
    private final OutputLinks links;
    private final Access access;

    public DashboardQueueRoutes(JobService jobs, JobRequestParser parser, OutputLinks links, Access access) {
        this.jobs = jobs;
        this.parser = parser;
        this.links = links;
        this.access = access;
    }

    public void register(Router router) {
        router.route("POST", "/api/comfyui/execute", access.require(Scope.WORKFLOWS_WRITE, this::execute))
                .route("GET", "/api/comfyui/queue", access.require(Scope.WORKFLOWS_READ, this::queue))
                .route("DELETE", "/api/comfyui/queue", access.require(Scope.WORKFLOWS_WRITE, this::clear))
                .route("POST", "/api/comfyui/interrupt", access.require(Scope.WORKFLOWS_WRITE, this::interrupt))
                .route("GET", "/api/comfyui/history/{prompt_id}", access.require(Scope.WORKFLOWS_READ, this::history));
    }

    /** {@code {"workflow": {...API format...}, "priority": 1}}. */
    ApiResponse execute(Caller caller, ApiRequest request, PathParams params) {
        Submission submission = jobs.submit(
                caller.tenantId(),
                parser.parseExecution(caller.tenantId(), request.json(), request.headers(), caller.timeoutLimit()),
                request.header("x-request-id"));
        return ApiResponse.ok(Json.object()
                .put("prompt_id", submission.job().id())
                .put("number", submission.queuePosition())
                .put("status", "queued"));
    }

    ApiResponse queue(Caller caller, ApiRequest request, PathParams params) {
        ObjectNode body = Json.object();
        body.set("queue_running", entries(all(caller, JobStatus.RUNNING)));
        body.set("queue_pending", entries(all(caller, JobStatus.PENDING)));
        return ApiResponse.ok(body);
    }

    /** {@code ?type=pending|running|all} (default pending). */
    ApiResponse clear(Caller caller, ApiRequest request, PathParams params) {
        String type = request.query("type").orElse("pending");
        List<JobStatus> which = switch (type) {
            case "pending" -> List.of(JobStatus.PENDING);
            case "running" -> List.of(JobStatus.RUNNING);
            case "all" -> List.of(JobStatus.PENDING, JobStatus.RUNNING);
            default -> throw ValidationException.of("INVALID_VALUE", "type", "type must be all, pending or running");
        };
        int cleared = 0;
        for (JobStatus status : which) {
            cleared += cancelAll(caller, status);
        }
        return ApiResponse.ok(Json.object().put("cleared", cleared).put("status", "success"));
    }

    ApiResponse interrupt(Caller caller, ApiRequest request, PathParams params) {
        int interrupted = cancelAll(caller, JobStatus.RUNNING);
        return ApiResponse.ok(Json.object().put("status", "interrupted").put("interrupted", interrupted));
    }

    /** The execution as ComfyUI's history shows a prompt, with a presigned {@code url} on each file. */
    ApiResponse history(Caller caller, ApiRequest request, PathParams params) {
        Job job = jobs.get(caller.tenantId(), params.get("prompt_id"));
        ObjectNode body = Json.object()
                .put("prompt_id", job.id())
                .put("status", job.status().wire());
        ObjectNode outputs = body.putObject("outputs");
        ArrayNode images = outputs.putArray("images");
        if (job.status() == JobStatus.COMPLETED) {
            for (JobOutput output : job.outputs()) {
                ArrayNode kind =
                        output.contentType() != null && output.contentType().startsWith("image/")
                                ? images
                                : outputs.withArray("files");
                kind.addObject()
                        .put("filename", output.filename())
                        .put("subfolder", "")
                        .put("type", output.outputType())
                        .put("url", links.link(output));
            }
        }
        body.put("started", job.startedAt() == null ? null : job.startedAt().toString());
        body.put(
                "completed",
                job.completedAt() == null ? null : job.completedAt().toString());
        if (job.error() != null) {
            body.put("error", job.error().message());
        }
        return ApiResponse.ok(body);
    }

    private int cancelAll(Caller caller, JobStatus status) {
        int cancelled = 0;
        for (Job job : all(caller, status)) {
            try {
                jobs.cancel(caller.tenantId(), job.id());
                cancelled++;
            } catch (ConflictException finishedMeanwhile) {
                // It ended between the listing and the cancel: nothing left to clear.
            }
        }
        return cancelled;
    }

    /** The caller's executions in {@code status}, oldest first (their order in the queue). */
    private List<Job> all(Caller caller, JobStatus status) {
        List<Job> found = new ArrayList<>();
        int offset = 0;
        JobPage page;
        do {
            page = jobs.list(caller.tenantId(), Optional.of(status), 100, offset);
            found.addAll(page.items());
            offset += page.limit();
        } while (page.hasMore() && found.size() < MAX_PER_CALL);
        found.sort(Comparator.comparing(Job::createdAt));
        return found;
    }

    private static ArrayNode entries(List<Job> jobs) {
        ArrayNode list = Json.mapper().createArrayNode();
        for (int i = 0; i < jobs.size(); i++) {
            list.addObject().put("prompt_id", jobs.get(i).id()).put("number", i + 1);
        }
        return list;
    }
}
