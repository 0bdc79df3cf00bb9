"""The server's log lines without personal data or tokens (``domain.redact.RedactingFilter``).

``install()`` puts the filter on uvicorn's access and server loggers and on the
server's own loggers (a filter on a logger sees only the records made on that logger, so each
one gets it); ``uvicorn_log_config()`` also puts it on uvicorn's handlers for ``serve``, which
catches records of any logger that reach them. Access lines carry URL paths, and a path may
hold an ID number (``/applicants/4201…``); SQL errors are logged without their parameters
(``hide_parameters`` on the engine) and redacted all the same.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from clerk_app.domain.redact import RedactingFilter

_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "sqlalchemy.engine")


def _add_filter(logger: logging.Logger) -> None:
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())


def install() -> None:
    """Put the filter on uvicorn's and SQLAlchemy's loggers and on every ``clerk_app`` logger."""
    names = set(_LOGGERS)
    names.update(
        name
        for name, logger in logging.Logger.manager.loggerDict.items()
        if name.startswith("clerk_app") and isinstance(logger, logging.Logger)
    )
    for name in names:
        _add_filter(logging.getLogger(name))


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's logging set-up with the filter on its handlers; the server's loggers use them."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact"] = {"()": RedactingFilter}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact")
    config["loggers"]["clerk_app"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
