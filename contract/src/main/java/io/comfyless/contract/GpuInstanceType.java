package io.comfyless.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The EC2 instance types a GPU runner can use: one NVIDIA GPU each (a runner task asks for one GPU,
 * and takes the whole instance), x86-64, CUDA-capable, with memory for the runner's reservation.
 * The CDK app refuses any other in {@code gpuInstanceTypes}, and {@code PUT /v1/fleet} answers 400
 * for any other. The vCPU counts are what spot and on-demand GPU quotas ("Running On-Demand G and
 * VT instances", "All G and VT Spot Instance Requests") are counted in; whether the type has local
 * NVMe instance storage decides where the host keeps its model cache.
 */
public enum GpuInstanceType {
    G4DN_XLARGE("g4dn.xlarge", 4, true),
    G4DN_2XLARGE("g4dn.2xlarge", 8, true),
    G4DN_4XLARGE("g4dn.4xlarge", 16, true),
    G4DN_8XLARGE("g4dn.8xlarge", 32, true),
    G4DN_16XLARGE("g4dn.16xlarge", 64, true),
    G5_XLARGE("g5.xlarge", 4, true),
    G5_2XLARGE("g5.2xlarge", 8, true),
    G5_4XLARGE("g5.4xlarge", 16, true),
    G5_8XLARGE("g5.8xlarge", 32, true),
    G5_16XLARGE("g5.16xlarge", 64, true),
    G6_XLARGE("g6.xlarge", 4, true),
    G6_2XLARGE("g6.2xlarge", 8, true),
    G6_4XLARGE("g6.4xlarge", 16, true),
    G6_8XLARGE("g6.8xlarge", 32, true),
    G6_16XLARGE("g6.16xlarge", 64, true),
    G6E_XLARGE("g6e.xlarge", 4, true),
    G6E_2XLARGE("g6e.2xlarge", 8, true),
    G6E_4XLARGE("g6e.4xlarge", 16, true),
    G6E_8XLARGE("g6e.8xlarge", 32, true),
    G6E_16XLARGE("g6e.16xlarge", 64, true),
    GR6_4XLARGE("gr6.4xlarge", 16, true),
    GR6_8XLARGE("gr6.8xlarge", 32, true),
    P3_2XLARGE("p3.2xlarge", 8, false);

    private final String apiName;
    private final int vcpus;
    private final boolean instanceStorage;

    GpuInstanceType(String apiName, int vcpus, boolean instanceStorage) {
        this.apiName = apiName;
        this.vcpus = vcpus;
        this.instanceStorage = instanceStorage;
    }

    /** The name EC2 uses, e.g. {@code g5.xlarge}. */
    public String apiName() {
        return apiName;
    }

    public int vcpus() {
        return vcpus;
    }

    /** Whether the type has NVMe instance storage (the model cache goes there when it has). */
    public boolean instanceStorage() {
        return instanceStorage;
    }

    public static Optional<GpuInstanceType> of(String apiName) {
        String name = apiName == null ? "" : apiName.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.apiName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(GpuInstanceType::apiName).toList();
    }
}
