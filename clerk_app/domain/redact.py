"""Personal data and secrets out of free text (log lines, error messages): ``redact(text)``.

What a log line may carry by accident: a resident ID in a URL path (``/applicants/4201…``), a
USCC or a mobile number in an SQL error, a bearer token in a header dump or a ``?token=`` query.
Identifiers keep their first and last four characters (``mask_id``), so a clerk can still match
a log line to a case; tokens keep nothing.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from clerk_app.domain.identifiers import mask_id

# Bounded by anything that is not a letter or digit: an ID inside a path, a quote or a comma.
# ASCII classes on purpose ([0-9], not \d).
_ID_LIKE = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"[0-9]{17}[0-9Xx]"  # resident ID (GB 11643) and residence permits
    r"|[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}"  # USCC (GB 32100)
    r"|[0-9]{15}"  # first-generation resident ID
    r"|1[3-9][0-9]{9}"  # mobile number
    r"|\+[1-9][0-9]{6,14}"  # any telephone number as stored (E.164)
    r"|[A-Z]{3}[0-9]{12}"  # foreigner's permanent residence ID (2004/2017 cards)
    r")(?![0-9A-Za-z])"
)
# "Bearer <token>", "token=<token>", "token": "<token>" (JSON or a dict's repr).
_TOKEN = re.compile(
    r"(?P<lead>\bBearer\s+|\btoken=|[\"']token[\"']\s*:\s*[\"'])(?P<secret>[A-Za-z0-9._~+/=-]+)",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """``text`` with ID numbers, USCCs and telephone numbers masked and tokens replaced."""
    text = _TOKEN.sub(lambda m: m.group("lead") + "***", text)
    return _ID_LIKE.sub(lambda m: mask_id(m.group(0)), text)


_FORMATTER = logging.Formatter()
_PLAIN = (int, float, bool, type(None))


def _clean(value: Any) -> Any:
    if isinstance(value, _PLAIN):
        return value
    return redact(value if isinstance(value, str) else str(value))


class RedactingFilter(logging.Filter):
    """Masks ID numbers, USCCs, mobiles and tokens in a record's message and traceback.

    The message is formatted with its arguments first (``"Bearer %s"`` and the token are only
    recognisable together), except uvicorn's access lines: their formatter reads the arguments
    one by one, so each is redacted on its own (the path, with its query, is one of them).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and isinstance(record.args, tuple):
            record.args = tuple(_clean(a) for a in record.args)
            record.msg = _clean(record.msg)
        else:
            try:
                message = record.getMessage()
            except (TypeError, ValueError):  # a malformed call: keep what can be kept
                message = f"{record.msg} {record.args}"
            record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def redact_root_handlers() -> None:
    """Put the filter on the root logger's handlers (after ``logging.basicConfig``): every
    record that reaches them, from any logger, is redacted."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
