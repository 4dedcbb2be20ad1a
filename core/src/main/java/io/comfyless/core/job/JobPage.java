package io.comfyless.core.job;

import java.util.List;

/** One page of a listing, newest first. */
public record JobPage(List<Job> items, int limit, int offset, boolean hasMore) {}
