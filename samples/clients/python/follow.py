"""Follow a ComfyLess job live: submit a workflow, then watch its progress, previews and completion
over the WebSocket, falling back to polling when the socket is unavailable. Standard library only.

    COMFYLESS_API_URL=http://127.0.0.1:8080 python3 follow.py [workflow.json] [out-dir]

The live URL is COMFYLESS_LIVE_URL (a deployed stack's LiveUrl output), else the API's URL with
ws:// and /ws, as the local stack serves it. In your own code, prefer a WebSocket library such as
`websockets`; the small client below only keeps this sample free of dependencies.
"""
import base64
import hashlib
import json
import os
import socket
import ssl
import struct
import urllib.parse

from comfyless_client import run_sample

FINAL = {"complete": "completed", "error": "failed", "cancelled": "cancelled"}


class LiveSocket:
    """A minimal RFC 6455 client: text frames out (masked), text frames in, pings answered."""

    GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self, url, api_key=None):
        parts = urllib.parse.urlsplit(url)
        secure = parts.scheme == "wss"
        raw = socket.create_connection((parts.hostname, parts.port or (443 if secure else 80)), timeout=60)
        self.sock = ssl.create_default_context().wrap_socket(raw, server_hostname=parts.hostname) if secure else raw
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1",
                 f"Host: {parts.netloc}", "Upgrade: websocket", "Connection: Upgrade",
                 f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        if api_key:
            lines.append(f"Authorization: Bearer {api_key}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = self._read_until(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0].decode()
        if " 101 " not in status + " ":
            raise ConnectionError(f"upgrade refused: {status}")
        accept = base64.b64encode(hashlib.sha1((key + self.GUID).encode()).digest()).decode()
        if accept.encode() not in head:
            raise ConnectionError("the server did not accept this WebSocket key")

    def _read_until(self, marker):
        self.buffer = getattr(self, "buffer", b"")
        while marker not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(marker, 1)
        return head

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send(self, opcode, payload):
        header = bytes([0x80 | opcode])
        length = len(payload)
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", length)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, message):
        self._send(0x1, json.dumps(message).encode())

    def messages(self):
        """Yields each JSON message until the server closes the connection."""
        text = b""
        while True:
            first, second = self._read(2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            if opcode == 0x8:
                return
            if opcode == 0x9:
                self._send(0xA, payload)
            elif opcode in (0x1, 0x0):
                text += payload
                if first & 0x80:
                    yield json.loads(text)
                    text = b""

    def close(self):
        try:
            self._send(0x8, struct.pack(">H", 1000))
        finally:
            self.sock.close()


def live_url(client):
    url = os.environ.get("COMFYLESS_LIVE_URL")
    if url:
        return url
    parts = urllib.parse.urlsplit(client.base_url)
    return urllib.parse.urlunsplit(("wss" if parts.scheme == "https" else "ws", parts.netloc, "/ws", "", ""))


def follow(client, execution_id):
    """The job's final status, followed over the WebSocket (or by polling when that fails)."""
    try:
        live = LiveSocket(live_url(client), client.api_key)
    except OSError as error:
        print(f"no live updates ({error}); polling instead")
        return client.wait(execution_id)["status"]
    try:
        live.send({"type": "subscribe", "execution_id": execution_id, "request_id": "follow"})
        print("following live over", live_url(client))
        for message in live.messages():
            data = message.get("data", {})
            kind = message["type"]
            if kind == "subscribed":
                for execution in data.get("executions", []):
                    if execution["status"] in FINAL.values():
                        return execution["status"]
            elif kind == "error" and "execution_id" not in message:
                raise RuntimeError(f"{data.get('error')}: {data.get('message')}")
            elif kind == "progress":
                eta = data.get("eta_seconds")
                print(f"progress {data['percentage']:5.1f}%" + (f", about {eta} s left" if eta is not None else ""))
            elif kind == "preview":
                print("preview", data["url"])
            elif kind in ("queued", "started"):
                print(kind)
            elif kind in FINAL:
                print(kind, data.get("error", ""))
                return FINAL[kind]
    except (OSError, ConnectionError) as error:
        print(f"live updates dropped ({error}); polling instead")
    finally:
        live.close()
    return client.wait(execution_id)["status"]


if __name__ == "__main__":
    run_sample(lambda client, accepted: follow(client, accepted["execution_id"]))
