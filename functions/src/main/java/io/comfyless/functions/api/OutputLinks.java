package io.comfyless.functions.api;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.UnprocessableWorkflowException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.functions.http.ApiRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Hands out job outputs: presigned GET links that expire ({@code expires_in}, default one hour),
 * or the bytes inline when {@code download_format=base64} and they fit in a response; and a running
 * job's latest sampler preview.
 */
public final class OutputLinks {

    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final long MAX_INLINE_BYTES = 4L * 1024 * 1024;
    /** A preview is stale within seconds; its link need not outlive a quarter of an hour. */
    static final Duration PREVIEW_TTL = Duration.ofMinutes(15);

    private final BlobStore blobs;
    private final String bucket;
    private final Clock clock;

    public OutputLinks(BlobStore blobs, String bucket, Clock clock) {
        this.blobs = blobs;
        this.bucket = bucket;
        this.clock = clock;
    }

    /** A GET link for one output, valid for the default hour. */
    String link(JobOutput output) {
        return blobs.presignGet(output.key(), DEFAULT_TTL, Optional.of(output.filename()))
                .toString();
    }

    /** A link to the latest preview of a running job, when its runner stored one. */
    Optional<JobViews.PreviewView> preview(Job job) {
        if (job.status() != JobStatus.RUNNING
                || job.progress() == null
                || job.progress().previewKey() == null) {
            return Optional.empty();
        }
        String url = blobs.presignGet(job.progress().previewKey(), PREVIEW_TTL, Optional.empty())
                .toString();
        return Optional.of(new JobViews.PreviewView(url, clock.instant().plus(PREVIEW_TTL)));
    }

    ResultsView.Delivery delivery(ApiRequest request, Job job) {
        Duration ttl = Duration.ofSeconds(
                Queries.intParam(request, "expires_in", (int) DEFAULT_TTL.toSeconds(), 60, 7 * 24 * 3600));
        String format = request.query("download_format").orElse("urls");
        if (!format.equals("urls") && !format.equals("base64")) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, "download_format", "download_format must be urls or base64");
        }
        boolean inline = format.equals("base64");
        if (inline) {
            long total = job.outputs().stream().mapToLong(JobOutput::sizeBytes).sum();
            if (total > MAX_INLINE_BYTES) {
                throw new UnprocessableWorkflowException(
                        "Outputs total " + total + " bytes; download_format=base64 is limited to " + MAX_INLINE_BYTES
                                + " bytes. Use download_format=urls.",
                        List.of());
            }
        }
        return delivery(ttl, inline);
    }

    /** Links valid for the default hour, no inline bytes: what {@code POST /v1/workflows/execute?wait=N} answers with. */
    ResultsView.Delivery links() {
        return delivery(DEFAULT_TTL, false);
    }

    private ResultsView.Delivery delivery(Duration ttl, boolean inline) {
        Instant expires = clock.instant().plus(ttl);
        return new ResultsView.Delivery() {
            @Override
            public ResultsView.Storage storage(JobOutput output) {
                String url = blobs.presignGet(output.key(), ttl, Optional.of(output.filename()))
                        .toString();
                return new ResultsView.Storage("s3", bucket, output.key(), url, expires);
            }

            @Override
            public String base64(JobOutput output) {
                return inline
                        ? blobs.get(output.key())
                                .map(Base64.getEncoder()::encodeToString)
                                .orElse(null)
                        : null;
            }
        };
    }
}
