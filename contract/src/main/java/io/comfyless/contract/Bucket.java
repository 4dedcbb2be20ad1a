package io.comfyless.contract;

import java.time.Duration;

/**
 * The one S3 bucket and its layout. Prefixes are part of the contract because lifecycle rules
 * (CDK), event rules (batches) and runtime code (keys) all depend on them.
 */
public final class Bucket {

    public static final String ENV_VAR = "COMFYLESS_BUCKET";
    public static final String LOGICAL_ID = "DataBucket";

    /** Workflow inputs uploaded by clients: {@code inputs/<tenant>/<file_id>/<name>}. */
    public static final String INPUTS_PREFIX = "inputs/";
    /** Job outputs: {@code outputs/<job_id>/<attempt>/<file>}, deterministic per job and attempt. */
    public static final String OUTPUTS_PREFIX = "outputs/";
    /** Scratch space, expired after {@link #TEMP_RETENTION}. */
    public static final String TEMP_PREFIX = "temp/";
    /** Upload a JSONL manifest here to start a batch. */
    public static final String BATCH_INCOMING_PREFIX = "batches/incoming/";
    /** Results manifests: {@code batches/results/<batch_id>.jsonl}. */
    public static final String BATCH_RESULTS_PREFIX = "batches/results/";
    /** Model store: {@code models/<folder>/<file>}, copied into ComfyUI's model folders by runners. */
    public static final String MODELS_PREFIX = "models/";
    /**
     * Node catalogue: runners publish their ComfyUI's {@code /object_info} as
     * {@code catalog/object_info/<comfyui version>/<sha256>.json.gz} and point {@code catalog/current.json} at it;
     * the API validates workflows against the current one.
     */
    public static final String CATALOG_PREFIX = "catalog/";

    /**
     * Sampler previews of running jobs: {@code previews/<job_id>/<attempt>/<n>.jpg}, at most one a second
     * per job, expired after {@link #PREVIEW_RETENTION}.
     */
    public static final String PREVIEWS_PREFIX = "previews/";

    public static final Duration OUTPUT_RETENTION = Duration.ofDays(30);
    public static final Duration TEMP_RETENTION = Duration.ofDays(1);
    /** Uploaded workflow inputs ({@link #INPUTS_PREFIX}) are expired after this, like seed 001's files. */
    public static final Duration INPUT_RETENTION = Duration.ofDays(7);
    /** A preview only matters while its job runs. */
    public static final Duration PREVIEW_RETENTION = Duration.ofDays(1);

    private Bucket() {}

    public static String localName(String prefix) {
        return prefix + "-data";
    }
}
