"""The shared materials library (一号匹配 / 免提交, issue 14) as the window asks it.

``look_up`` sends ``POST /library/lookup`` with the applicant the window identified (the number
in the body, never in the URL; ``why``: the ticket or case it is for, kept in the server's
log) and answers the applicant's entries as domain ``LibraryEntry`` rows, expired ones
included (the counter flags those, never offers them). Errors are the client's two kinds:
``OfflineError`` (unreachable, 5xx, an answer of another shape) and ``ApiError`` (refused,
e.g. 403 for an account that may not see the library).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from clerk_app.contract.library import LibraryEntryOut, LibraryLookupIn, LibraryLookupOut
from clerk_app.domain.cases import IdKind
from clerk_app.domain.library import LibraryEntry
from clerk_app.sync.client import CentralClient, OfflineError

LOOKUP = "/library/lookup"
_UNREADABLE = "中心服务器返回的共享库数据无法识别，请稍后重试"


@dataclass(frozen=True, slots=True)
class LibraryAnswer:
    """What the server holds for one applicant, judged on the hall's day ``as_of``."""

    as_of: date
    entries: tuple[LibraryEntry, ...]


def entry_of(out: LibraryEntryOut) -> LibraryEntry:
    return LibraryEntry(**{**out.model_dump(), "origin": out.origin.value})


def look_up(
    client: CentralClient,
    kind: IdKind,
    id_number: str,
    nationality: str = "",
    why: str = "",
) -> LibraryAnswer:
    """The applicant's entries in the hall's library (and the halls it shares with)."""
    body = LibraryLookupIn(
        id_kind=kind,
        id_number=id_number.strip(),
        nationality=nationality.strip().upper() if kind is IdKind.PASSPORT else "",
        why=why[:64],
    )
    data = client.call("POST", LOOKUP, body=body.model_dump(mode="json"))
    try:
        answer = LibraryLookupOut.model_validate(data)
    except ValidationError as exc:  # an older or newer server, a proxy's page
        raise OfflineError(_UNREADABLE) from exc
    return LibraryAnswer(answer.as_of, tuple(entry_of(e) for e in answer.entries))
