package io.comfyless.bench.overhead;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;

/** One way of getting a prompt run and its output back: straight from ComfyUI, or through ComfyLess. */
interface JobClient extends AutoCloseable {

    /** Runs the prompt to its end and fetches its first output image. */
    Finished run(ObjectNode prompt) throws Exception;

    @Override
    void close();

    /**
     * @param outputBytes size of the output fetched
     * @param pickup from the job's creation to its claim by a runner, where the path has one
     * @param run from the claim to the job's completion, where the path has one
     */
    record Finished(long outputBytes, Optional<Duration> pickup, Optional<Duration> run) {

        static Finished direct(long outputBytes) {
            return new Finished(outputBytes, Optional.empty(), Optional.empty());
        }
    }
}
