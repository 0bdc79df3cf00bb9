"""The department page's one script: the approve form's result file (结果文件).

The page has no multipart parser and its forms are small, so the file never goes through
the form: choosing one POSTs it as the raw body to ``…/cases/{number}/approve/result-file`` (the
page's cookie session, the form's CSRF token in ``X-CSRF-Token``), and the answered SHA-256
goes into the form's hidden ``result_file_sha256``; a refused file shows the server's reason
next to the input, and the form does not submit while a chosen file is not stored. Without
JavaScript the input stays hidden and the form approves without a file. The script is
allowed by its hash (``SCRIPT_CSP``), together with requests to the page's own server.
"""

from __future__ import annotations

import base64
import hashlib

RESULT_FILE_SCRIPT = """
(function(){
var input=document.getElementById("result-file");if(!input)return;
var form=input.form,hash=form.elements.result_file_sha256;
var note=document.getElementById("result-file-note"),busy=false;
document.getElementById("result-file-label").hidden=false;
function say(text,bad){note.textContent=text;note.className=bad?"file-note bad":"file-note";}
input.addEventListener("change",function(){
hash.value="";say("",false);var file=input.files[0];if(!file)return;
busy=true;say("正在上传……",false);
fetch(form.action+"/result-file",{method:"POST",body:file,credentials:"same-origin",
headers:{"Content-Type":"application/octet-stream","X-CSRF-Token":form.elements.csrf.value}})
.then(function(r){return r.json().then(function(j){return {ok:r.ok,j:j};});})
.then(function(a){busy=false;if(!a.ok){say(a.j.detail||"上传失败",true);return;}
hash.value=a.j.sha256;say("已上传，"+a.j.pages+"页",false);})
.catch(function(){busy=false;say("上传失败，请重选文件",true);});
});
form.addEventListener("submit",function(ev){
if(input.files.length&&!hash.value){ev.preventDefault();
say(busy?"文件正在上传，请稍候":"结果文件未能上传：请重选文件或清除后再准予",true);}
});
})();
"""

# The approve form's file input (hidden until the script shows it) and its hidden hash.
RESULT_FILE_FIELD = (
    '<input type="hidden" name="result_file_sha256" value="">'
    '<label id="result-file-label" hidden>结果文件（证照扫描件，PDF/JPEG/PNG） '
    '<input type="file" id="result-file" accept="application/pdf,image/jpeg,image/png">'
    '</label><span id="result-file-note" class="file-note" role="status"></span>'
    f"<script>{RESULT_FILE_SCRIPT}</script>"
)
RESULT_FILE_CSS = ".file-note{margin-right:12px;color:#14501f}.file-note.bad{color:#a3140d}"

_DIGEST = base64.b64encode(hashlib.sha256(RESULT_FILE_SCRIPT.encode()).digest()).decode()
SCRIPT_CSP = f"; script-src 'sha256-{_DIGEST}'; connect-src 'self'"
