"""The approve form's result-file script (department_page_script.py) run under Node with a
minimal stand-in for the page's elements and ``fetch``: the chosen file is posted to the
form's address + ``/result-file`` with the CSRF token, the answered hash fills the hidden
field, a refusal shows the server's reason, and the form does not submit while a chosen
file is not stored. Skipped where Node is not installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from clerk_app.central.routes.department_page_script import RESULT_FILE_SCRIPT

NODE = shutil.which("node")

HARNESS = """
const fs = require("fs");
const [scriptPath, answerJson, status] = process.argv.slice(2);
const listeners = {};
function element(props) {
  return Object.assign({addEventListener(kind, fn) { listeners[kind] = fn; }}, props);
}
const form = element({action: "/p/cases/N1/approve",
  elements: {result_file_sha256: {value: ""}, csrf: {value: "tok"}}});
const input = element({form: form, files: []});
const note = {textContent: "", className: ""};
const label = {hidden: true};
const byId = {"result-file": input, "result-file-note": note, "result-file-label": label};
global.document = {getElementById: (id) => byId[id] || null};
const sent = [];
global.fetch = (url, init) => {
  sent.push({url: url, method: init.method, headers: init.headers, body: init.body});
  return Promise.resolve({ok: status === "200",
    json: () => Promise.resolve(JSON.parse(answerJson))});
};
eval(fs.readFileSync(scriptPath, "utf8"));
const out = {labelHidden: label.hidden};
function submit() {
  let prevented = false;
  listeners.submit({preventDefault() { prevented = true; }});
  return prevented;
}
out.submitWithoutFile = submit();
input.files = [{name: "licence.pdf"}];
listeners.change();
out.whileBusy = {prevented: submit(), note: note.textContent};
setTimeout(() => {
  out.sent = sent;
  out.hash = form.elements.result_file_sha256.value;
  out.note = note.textContent;
  out.bad = note.className.includes("bad");
  out.submitAfter = submit();
  console.log(JSON.stringify(out));
}, 10);
"""


def _run(tmp_path: Path, answer: dict[str, Any], status: int) -> dict[str, Any]:
    assert NODE is not None
    script = tmp_path / "script.js"
    script.write_text(RESULT_FILE_SCRIPT, encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    done = subprocess.run(
        [NODE, str(harness), str(script), json.dumps(answer), str(status)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


pytestmark = pytest.mark.skipif(NODE is None, reason="Node is not installed")


def test_a_stored_file_fills_the_hidden_hash(tmp_path: Path) -> None:
    sha = "ab" * 32
    out = _run(tmp_path, {"sha256": sha, "pages": 3}, 200)
    assert out["labelHidden"] is False  # the input shows only with the script
    assert out["submitWithoutFile"] is False  # no file: the form approves as before
    assert out["whileBusy"] == {"prevented": True, "note": "文件正在上传，请稍候"}
    [sent] = out["sent"]
    assert sent["url"] == "/p/cases/N1/approve/result-file" and sent["method"] == "POST"
    assert sent["headers"] == {
        "Content-Type": "application/octet-stream",
        "X-CSRF-Token": "tok",
    }
    assert sent["body"] == {"name": "licence.pdf"}  # the file itself, the raw body
    assert (out["hash"], out["note"], out["bad"]) == (sha, "已上传，3页", False)
    assert out["submitAfter"] is False


def test_a_refused_file_shows_the_reason_and_blocks_the_approval(tmp_path: Path) -> None:
    reason = "只接受PDF、JPEG或PNG文件"
    out = _run(tmp_path, {"detail": reason}, 415)
    assert (out["hash"], out["note"], out["bad"]) == ("", reason, True)
    assert out["submitAfter"] is True  # not approved claiming a file it does not have
