package io.comfyless.core.workflow;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Translates A1111-style sampler labels ("DPM++ 2M Karras", "Euler a") used by seed 000's task
 * payloads into ComfyUI's {@code sampler_name} and {@code scheduler}. Names ComfyUI already uses
 * ("euler", "dpmpp_2m") pass through unchanged.
 */
record SamplerName(String sampler, Optional<String> scheduler) {

    private static final Map<String, String> SAMPLERS = Map.ofEntries(
            Map.entry("euler", "euler"),
            Map.entry("euler a", "euler_ancestral"),
            Map.entry("heun", "heun"),
            Map.entry("lms", "lms"),
            Map.entry("dpm2", "dpm_2"),
            Map.entry("dpm2 a", "dpm_2_ancestral"),
            Map.entry("dpm++ 2s a", "dpmpp_2s_ancestral"),
            Map.entry("dpm++ 2m", "dpmpp_2m"),
            Map.entry("dpm++ sde", "dpmpp_sde"),
            Map.entry("dpm++ 2m sde", "dpmpp_2m_sde"),
            Map.entry("dpm++ 3m sde", "dpmpp_3m_sde"),
            Map.entry("dpm fast", "dpm_fast"),
            Map.entry("dpm adaptive", "dpm_adaptive"),
            Map.entry("ddim", "ddim"),
            Map.entry("uni_pc", "uni_pc"),
            Map.entry("unipc", "uni_pc"),
            Map.entry("lcm", "lcm"));
    private static final Map<String, String> SCHEDULERS = Map.of(
            "karras", "karras",
            "exponential", "exponential",
            "sgm uniform", "sgm_uniform",
            "simple", "simple");

    static Optional<SamplerName> parse(String label) {
        String normalized = label.trim().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> scheduler : SCHEDULERS.entrySet()) {
            String suffix = " " + scheduler.getKey();
            if (normalized.endsWith(suffix)) {
                String sampler = SAMPLERS.get(normalized.substring(0, normalized.length() - suffix.length()));
                if (sampler != null) {
                    return Optional.of(new SamplerName(sampler, Optional.of(scheduler.getValue())));
                }
            }
        }
        return Optional.ofNullable(SAMPLERS.get(normalized)).map(s -> new SamplerName(s, Optional.empty()));
    }
}
