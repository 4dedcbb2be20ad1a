package io.comfyless.contract;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Spelling helpers for resource names. */
final class Names {

    private Names() {}

    /** {@code jobs-high} becomes {@code JobsHigh}. */
    static String pascal(String kebab) {
        return Arrays.stream(kebab.split("-"))
                .map(part -> Character.toUpperCase(part.charAt(0)) + part.substring(1))
                .collect(Collectors.joining());
    }
}
