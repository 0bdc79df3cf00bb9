"""The server's minimum client version, and the previous client's sync operations.

- A counter app older than ``CLERK_CENTRAL_MIN_CLIENT_VERSION`` is refused at login (426) with
  a message that says to update, before the password is looked at.
- The server keeps accepting what the previous release (0.1.0) pushes: its operations, recorded
  from that release's own outbox (``data/sync_ops_client_0.1.0.json``, made at commit a81d310
  by saving a case to a local store and reading its pending operation), are accepted unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import clerk_app
from clerk_app.central.app import create_app
from clerk_app.central.config import CentralSettings
from clerk_app.central.services.errors import UpgradeRequired
from clerk_app.central.services.login import check_client_version
from clerk_app.domain.catalog import Item

from .conftest import PASSWORD, Central, seed_database, small_catalog

OLD_OPS = Path(__file__).parent / "data" / "sync_ops_client_0.1.0.json"


@pytest.mark.parametrize(
    ("client", "minimum", "refused"),
    [
        ("0.1.0", "", False),
        (None, "", False),
        ("0.2.0", "0.2.0", False),
        ("0.10.0", "0.9.1", False),  # versions compare as numbers, not text
        ("0.1.0", "0.2.0", True),
        (None, "0.2.0", True),  # an app from before the check says nothing: it is older
        ("not-a-version", "0.2.0", True),
    ],
)
def test_client_version_against_the_minimum(
    client: str | None, minimum: str, refused: bool
) -> None:
    if refused:
        with pytest.raises(UpgradeRequired, match="请联系信息科升级"):
            check_client_version(client, minimum)
    else:
        check_client_version(client, minimum)


def test_an_old_client_is_told_to_update_at_login(db_url: str) -> None:
    seed_database(db_url)
    settings = CentralSettings(db=db_url, min_client_version="99.0")
    with TestClient(create_app(db_url, settings)) as client:
        body = {"username": "super01", "password": "wrong password", "client_version": "0.1.0"}
        answer = client.post("/api/v1/auth/login", json=body)
        assert answer.status_code == 426
        assert "0.1.0" in answer.json()["detail"] and "99.0" in answer.json()["detail"]
        # A client that does not say its version at all is refused the same way.
        answer = client.post("/api/v1/auth/login", json={"username": "super01", "password": "x"})
        assert answer.status_code == 426


def test_the_counter_app_shows_the_servers_reason(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the real client and the login screen's logic: the clerk reads what to do; the
    hall's IT sets the minimum in the server's environment."""
    from clerk_app.central.embedded import start_embedded
    from clerk_app.store.local import LocalStore
    from clerk_app.sync.client import CentralClient
    from clerk_app.ui.login import LoginFailed, perform_login

    seed_database(db_url)
    monkeypatch.setenv("CLERK_CENTRAL_MIN_CLIENT_VERSION", "99.0")
    server = start_embedded(db_url)
    store = LocalStore(tmp_path / "local.sqlite3")
    try:
        with pytest.raises(LoginFailed) as refused:
            perform_login(store, lambda: CentralClient(server.base_url), "super01", PASSWORD, 1)
        assert clerk_app.__version__ in refused.value.message
        assert "99.0" in refused.value.message
    finally:
        store.close()
        server.stop()


def test_the_previous_clients_operations_are_accepted(db_url: str) -> None:
    recorded: dict[str, Any] = json.loads(OLD_OPS.read_text(encoding="utf-8"))
    assert recorded["client_version"] == "0.1.0"
    (operation,) = recorded["operations"]
    # The catalog holds the item the old client's case is about (the generator has changed
    # since; the item as that client knew it is what its operation carries).
    catalog = small_catalog()
    old_item = Item.from_dict(operation["payload"]["case"]["item"])
    catalog.items = [i for i in catalog.items if i.code != old_item.code] + [old_item]
    seed_database(db_url, catalog)
    central = Central(db_url, app := create_app(db_url), TestClient(app), catalog)
    with central.client:
        answer = central.client.post(
            "/api/v1/sync/push",
            json={"window_no": 1, "operations": recorded["operations"]},
            headers=central.login("clerk01", window_no=1),
        )
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["applied"], results
