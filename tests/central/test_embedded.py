"""The in-process server used by ``clerk-app --demo``: starts, answers over HTTP, stops."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from clerk_app.central.embedded import start_embedded
from clerk_app.central.gen_catalog import write_generated_catalog
from clerk_app.sync.device_key import DeviceKey

from .conftest import PASSWORD, hall_config, write_json


def _post(url: str, data: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(
        url, json.dumps(data).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        result: dict[str, object] = json.loads(response.read())
        return result


def test_start_with_demo_data_then_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    demo = tmp_path / "resources" / "demo"
    demo.mkdir(parents=True)
    write_json(demo / "hall.json", hall_config())
    write_generated_catalog(demo / "catalog.jsonl", 25)
    monkeypatch.setenv("CLERK_RESOURCES", str(tmp_path / "resources"))
    server = start_embedded(f"sqlite:///{tmp_path / 'central.db'}", init_demo=True)
    try:
        assert server.base_url.startswith("http://127.0.0.1:")
        login = _post(
            f"{server.base_url}/api/v1/auth/login",
            {
                "username": "clerk01",
                "password": PASSWORD,
                "window_no": 1,
                "device": DeviceKey.generate().proof(),  # demo: approved at once
            },
        )
        assert login["user"]["hall_code"] == "HS01"  # type: ignore[index]
        with urllib.request.urlopen(f"{server.base_url}/api/v1/catalog/meta", timeout=10) as r:
            assert json.loads(r.read())["item_count"] == 25
    finally:
        server.stop()
    assert not server.running
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{server.base_url}/api/v1/health", timeout=2)
    server.stop()  # a second stop is harmless


def test_two_servers_get_different_ports(tmp_path: Path) -> None:
    with (
        start_embedded(f"sqlite:///{tmp_path / 'a.db'}") as first,
        start_embedded(f"sqlite:///{tmp_path / 'b.db'}") as second,
    ):
        assert first.base_url != second.base_url
        for server in (first, second):
            with urllib.request.urlopen(f"{server.base_url}/api/v1/health", timeout=10) as r:
                assert json.loads(r.read())["status"] == "ok"


def test_simultaneous_wrong_passwords_all_count(db_url: str) -> None:
    """Ten wrong tries at the same moment all count: the next try must wait (429), and the
    account is delayed, never locked."""
    from concurrent.futures import ThreadPoolExecutor

    from .conftest import seed_database

    seed_database(db_url)
    with start_embedded(db_url) as server:
        url = f"{server.base_url}/api/v1/auth/login"

        def attempt(password: str) -> int:
            try:
                _post(url, {"username": "super01", "password": password})
            except urllib.error.HTTPError as error:
                return error.code
            return 200

        with ThreadPoolExecutor(max_workers=10) as pool:
            codes = list(pool.map(attempt, ["wrong"] * 10))
        assert set(codes) <= {401, 429} and codes.count(401) >= 5
        # Ten failures: the account waits 2**4 s before it may try again, right password or not.
        assert attempt(PASSWORD) == 429
