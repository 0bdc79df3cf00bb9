"""The password policy, shared by the central server (which enforces it) and the counter app
(which checks it first, for a clear message before anything is sent)."""

from __future__ import annotations

MIN_LENGTH = 8
_CLASSES = (str.islower, str.isupper, str.isdigit)

POLICY_TEXT = f"至少{MIN_LENGTH}位，至少含大写字母、小写字母、数字、符号中的三类，不能包含用户名"


def password_problem(password: str, username: str) -> str | None:
    """Why a password is not allowed (None: it is): at least 8 characters, at least three of
    lower case, upper case, digits and other characters, and not containing the user name."""
    if len(password) < MIN_LENGTH:
        return f"密码至少{MIN_LENGTH}位"
    classes = sum(any(test(c) for c in password) for test in _CLASSES)
    classes += any(not (c.isascii() and c.isalnum()) for c in password)
    if classes < 3:
        return "密码须包含大写字母、小写字母、数字、符号中的至少三类"
    if username and username.casefold() in password.casefold():
        return "密码不能包含用户名"
    return None
