"""A ComfyLess client in plain Python (standard library only).

It offers seed 000's task API (submit_task / get_task / list_workers, reading task['id'] and
status['status']) and the /v1 execution API with waiting and downloading.

    COMFYLESS_API_URL=http://127.0.0.1:8080 python3 comfyless_client.py [workflow.json] [out-dir]
"""
import json
import os
import pathlib
import sys
import time
import urllib.request


class ComfyLessClient:
    def __init__(self, base_url=None, api_key=None):
        self.base_url = (base_url or os.environ.get("COMFYLESS_API_URL", "http://localhost:8080")).rstrip("/")
        self.api_key = api_key or os.environ.get("COMFYLESS_API_KEY")

    def _call(self, method, path, body=None, attempts=5):
        request = urllib.request.Request(self.base_url + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        if self.api_key:
            request.add_header("Authorization", "Bearer " + self.api_key)
        try:
            with urllib.request.urlopen(request) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 429 and attempts > 1:
                # Over the tier's request rate: wait as the API asks, then try again.
                time.sleep(int(error.headers.get("Retry-After", "1")))
                return self._call(method, path, body, attempts - 1)
            detail = json.load(error)
            raise RuntimeError(f"{error.code} {detail.get('error')}: {detail.get('message')}") from None

    # Seed 000's task API, unchanged.
    def submit_task(self, workflow_id, payload, priority=0):
        return self._call("POST", "/api/v1/tasks", {"workflow_id": workflow_id, "priority": priority, "payload": payload})

    def get_task(self, task_id):
        return self._call("GET", f"/api/v1/tasks/{task_id}")

    def list_workers(self):
        return self._call("GET", "/api/v1/workers")

    # The /v1 execution API.
    def execute(self, workflow, input_overrides=None, priority="normal", wait=25):
        """Submits a workflow. With wait (seconds, at most 25) the API holds the answer until the job
        finishes: a job done in time comes back with its results (status completed, failed or
        cancelled) instead of the 202 body (status "accepted")."""
        body = {"workflow": workflow, "execution_config": {"priority": priority}}
        if input_overrides:
            body["input_overrides"] = input_overrides
        return self._call("POST", f"/v1/workflows/execute?wait={wait}", body)

    def wait(self, execution_id, timeout=600):
        """Follows a job to its end. Each status read is held until the job changes (or 25 s pass),
        so this loop does not poll blindly."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            status = self._call("GET", f"/v1/workflows/{execution_id}/status?wait=25")
            if status["status"] in ("completed", "failed", "cancelled"):
                return status
        raise TimeoutError(execution_id)

    def download(self, execution_id, directory):
        results = self._call("GET", f"/v1/workflows/{execution_id}/results")
        saved = []
        for output in results["results"]["outputs"]:
            target = pathlib.Path(directory) / f"{execution_id}-{output['file_info']['filename']}"
            target.parent.mkdir(parents=True, exist_ok=True)
            with urllib.request.urlopen(output["storage"]["url"]) as response:
                target.write_bytes(response.read())
            saved.append(target)
        return saved


def run_sample(finish):
    """The samples' command line: submit [workflow.json], let finish(client, accepted) return the
    job's final status, and save the outputs to [out-dir]; exit 1 unless the job completed."""
    here = pathlib.Path(__file__).resolve().parent
    workflow_file = sys.argv[1] if len(sys.argv) > 1 else here / "../../workflows/model_free_v1.json"
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "out"
    client = ComfyLessClient()
    accepted = client.execute(json.loads(pathlib.Path(workflow_file).read_text()))
    print("submitted", accepted["execution_id"])
    status = finish(client, accepted)
    print("status", status)
    if status != "completed":
        sys.exit(1)
    for path in client.download(accepted["execution_id"], out_dir):
        print("saved", path)


if __name__ == "__main__":
    run_sample(lambda client, accepted: (
        client.wait(accepted["execution_id"]) if accepted["status"] == "accepted" else accepted)["status"])
