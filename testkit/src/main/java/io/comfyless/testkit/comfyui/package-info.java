/**
 * A protocol double of the ComfyUI server (HTTP + WebSocket) that tests and the local stack use in place of a real
 * ComfyUI: same routes, message types, error shapes and history layout (see {@code COMFYUI_PROTOCOL.md}), with a few
 * model-free nodes that really run, and a fault-injection API.
 *
 * <p>Start with {@link io.comfyless.testkit.comfyui.ComfyUiDouble}.
 */
package io.comfyless.testkit.comfyui;
