package io.comfyless.core.workflow;

import java.util.Set;

/**
 * Which workflow inputs name a file the runner fetches before ComfyUI runs: the {@code image}, {@code mask} or
 * {@code video} input of a loader node (a class named {@code Load...}). Their URLs are checked at submission and again
 * by the runner when it fetches them.
 */
public final class FetchedInputs {

    private static final Set<String> FILE_INPUTS = Set.of("image", "mask", "video");

    private FetchedInputs() {}

    public static boolean fetched(String classType, String input) {
        return classType != null && classType.startsWith("Load") && FILE_INPUTS.contains(input);
    }
}
