"""The public progress link printed as the QR of every notice (扫码查询办理进度).

The QR holds the hall's public progress page with the case number and a short check code:
``https://zwfw.example.gov.cn/progress?case=HS01-05-20261123-0007&code=3f9a0c1e``. The page
answers only with the status, the item, the promised date and the last step, and only when the
code matches; a case number alone (they are sequential and easy to guess) shows nothing.

The check code is the first 8 hex digits of HMAC-SHA256(hall secret, case number). Why a
secret and not something of the applicant's (a masked ID, the date): the counter PC must make
the code offline, and anything printed on the paper or derivable from the case number would let
anybody make codes for other people's cases; a hash of the full ID number would publish a
fingerprint of it. The secret is the hall's, kept by the central server (one per hall, random)
and given with the hall configuration to the hall's staff accounts, so every counter PC of the
hall has it cached for offline work; devices (kiosk, display) and departments never get it.
32 bits of code behind a rate-limited page is beyond guessing.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

CODE_LENGTH = 8


def check_code(secret: str, case_number: str) -> str:
    """The case's check code (lower-case hex); empty when the hall has no secret."""
    if not secret:
        return ""
    digest = hmac.new(secret.encode(), case_number.encode(), hashlib.sha256).hexdigest()
    return digest[:CODE_LENGTH]


def code_matches(secret: str, case_number: str, code: str) -> bool:
    expected = check_code(secret, case_number)
    return bool(expected) and hmac.compare_digest(expected, code.strip().lower())


def progress_link(base_url: str, secret: str, case_number: str) -> str:
    """The URL for the QR; "" when the hall has no public progress page or no secret."""
    base = base_url.strip()
    code = check_code(secret, case_number)
    if not base or not code:
        return ""
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}{urlencode({'case': case_number, 'code': code})}"
