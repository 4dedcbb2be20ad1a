package io.comfyless.core.batch;

import io.comfyless.core.error.ErrorDetail;
import java.util.List;

/** A manifest line that made no job, and why: one line of the error report. */
public record BatchLineError(long line, String code, String message, List<ErrorDetail> details) {}
