package io.comfyless.core.error;

/**
 * The codes of {@link ErrorDetail}s, in one place: clients branch on them, so each is written once
 * and call sites name the constant. Why a job failed has codes of its own,
 * {@code io.comfyless.core.job.JobFailure.Codes}.
 */
public final class ErrorCodes {

    public static final String BAD_LINK = "BAD_LINK";
    public static final String BAD_OUTPUT_INDEX = "BAD_OUTPUT_INDEX";
    public static final String CONCURRENCY_LIMIT_EXCEEDED = "CONCURRENCY_LIMIT_EXCEEDED";
    public static final String DEPENDENCY_CYCLE = "DEPENDENCY_CYCLE";
    public static final String EMPTY_WORKFLOW = "EMPTY_WORKFLOW";
    public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";
    public static final String INVALID_INPUT = "INVALID_INPUT";
    public static final String INVALID_JSON = "INVALID_JSON";
    public static final String INVALID_MODEL_NAME = "INVALID_MODEL_NAME";
    public static final String INVALID_NODE = "INVALID_NODE";
    public static final String INVALID_OVERRIDE = "INVALID_OVERRIDE";
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String INVALID_SCHEDULE = "INVALID_SCHEDULE";
    public static final String INVALID_TYPE = "INVALID_TYPE";
    public static final String INVALID_VALUE = "INVALID_VALUE";
    public static final String INVALID_WORKFLOW = "INVALID_WORKFLOW";
    public static final String LINE_TOO_LONG = "LINE_TOO_LONG";
    public static final String LINK_TO_MISSING_NODE = "LINK_TO_MISSING_NODE";
    public static final String MISSING_CLASS_TYPE = "MISSING_CLASS_TYPE";
    public static final String MISSING_INPUTS = "MISSING_INPUTS";
    public static final String MODEL_EXISTS = "MODEL_EXISTS";
    public static final String NODE_TYPE_BLOCKED = "NODE_TYPE_BLOCKED";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String OVERRIDE_NOT_APPLICABLE = "OVERRIDE_NOT_APPLICABLE";
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    public static final String RATE_LIMIT_EXCEEDED = "RATE_LIMIT_EXCEEDED";
    public static final String REQUIRED_FIELD = "REQUIRED_FIELD";
    public static final String SCOPE_NOT_ALLOWED = "SCOPE_NOT_ALLOWED";
    public static final String STRING_TOO_LONG = "STRING_TOO_LONG";
    public static final String TIER_LIMIT_EXCEEDED = "TIER_LIMIT_EXCEEDED";
    public static final String TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS";
    public static final String TOO_MANY_MODELS = "TOO_MANY_MODELS";
    public static final String TOO_MANY_NODES = "TOO_MANY_NODES";
    public static final String UI_FORMAT_WORKFLOW = "UI_FORMAT_WORKFLOW";
    public static final String UNKNOWN_NODE = "UNKNOWN_NODE";
    public static final String UNKNOWN_OVERRIDE = "UNKNOWN_OVERRIDE";
    public static final String UNKNOWN_WORKFLOW = "UNKNOWN_WORKFLOW";
    public static final String UPLOAD_REJECTED = "UPLOAD_REJECTED";
    public static final String URL_NOT_ALLOWED = "URL_NOT_ALLOWED";
    public static final String URL_SCHEME_NOT_ALLOWED = "URL_SCHEME_NOT_ALLOWED";
    public static final String VALUE_TOO_LARGE = "VALUE_TOO_LARGE";
    public static final String WEAK_PASSWORD = "WEAK_PASSWORD";

    private ErrorCodes() {}
}
