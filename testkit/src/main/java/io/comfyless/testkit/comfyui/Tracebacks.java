package io.comfyless.testkit.comfyui;

import java.util.List;

/** Plausible {@code traceback.format_tb} lines for errors raised in a node, shaped like ComfyUI's execution stack. */
final class Tracebacks {

    private Tracebacks() {}

    static List<String> raisedIn(String classType, String exceptionType, String message) {
        return List.of(
                "  File \"/ComfyUI/execution.py\", line 496, in execute\n    output_data, output_ui, has_subgraph,"
                        + " has_pending_tasks = await get_output_data(prompt_id, unique_id, obj, input_data_all,"
                        + " execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb, hidden_inputs=hidden_inputs)\n",
                "  File \"/ComfyUI/execution.py\", line 315, in get_output_data\n    return_values = await"
                        + " _async_map_node_over_list(prompt_id, unique_id, obj, input_data_all, obj.FUNCTION,"
                        + " allow_interrupt=True, execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb,"
                        + " hidden_inputs=hidden_inputs)\n",
                "  File \"/ComfyUI/execution.py\", line 289, in _async_map_node_over_list\n    await process_inputs(input_dict, i)\n",
                "  File \"/ComfyUI/execution.py\", line 277, in process_inputs\n    result = f(**inputs)\n",
                "  File \"<comfyui-double>\", line 1, in " + classType + "\n    raise " + exceptionType + "("
                        + PythonText.repr(message == null ? "" : message) + ")\n");
    }
}
