"""Personal data and secrets out of free text (log lines, error messages): ``redact(text)``.

What a log line may carry by accident: a resident ID in a URL path (``/applicants/4201…``), a
USCC or a mobile number in an SQL error, a bearer token in a header dump or a ``?token=`` query.
Identifiers keep their first and last four characters (``mask_id``), so a clerk can still match
a log line to a case; tokens keep nothing.
"""

from __future__ import annotations

import re

from clerk_app.domain.identifiers import mask_id

# Bounded by anything that is not a letter or digit: an ID inside a path, a quote or a comma.
# ASCII classes on purpose ([0-9], not \d).
_ID_LIKE = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"[0-9]{17}[0-9Xx]"  # resident ID (GB 11643) and residence permits
    r"|[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}"  # USCC (GB 32100)
    r"|[0-9]{15}"  # first-generation resident ID
    r"|1[3-9][0-9]{9}"  # mobile number
    r")(?![0-9A-Za-z])"
)
# "Bearer <token>", "token=<token>", "token": "<token>" (JSON or a dict's repr).
_TOKEN = re.compile(
    r"(?P<lead>\bBearer\s+|\btoken=|[\"']token[\"']\s*:\s*[\"'])(?P<secret>[A-Za-z0-9._~+/=-]+)",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """``text`` with ID numbers, USCCs and mobile numbers masked and tokens replaced."""
    text = _TOKEN.sub(lambda m: m.group("lead") + "***", text)
    return _ID_LIKE.sub(lambda m: mask_id(m.group(0)), text)
