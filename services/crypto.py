"""Secrets stored in the database (SMTP password, webhook secret), encrypted with
a key derived from the app's secret key.

Fernet (AES-128-CBC + HMAC-SHA256) authenticates every token, so a token made
with another secret key is detected and reported instead of decrypting to
garbage. The key is HKDF-SHA256 of the secret key: the secret key is already
high-entropy (generated into instance/secret_key), so no slow stretching."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.errors import ServiceError
from services.msgid import N_

# A fixed label: a key derived for another purpose from the same secret differs.
_KEY_INFO = b"pelago stored secrets v1"


class SecretUnreadable(ServiceError):
    """A stored secret cannot be decrypted: the secret key changed since it was
    saved (or the token was damaged)."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "A stored password cannot be decrypted: the application's secret "
                "key has changed since it was saved. An administrator must enter "
                "it again in the messaging settings."
            )
        )


class SecretBox:
    """Encrypts and decrypts short texts with the key derived from `secret_key`."""

    def __init__(self, secret_key: str) -> None:
        if not secret_key:
            raise ValueError("the secret key is empty")
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO
        ).derive(secret_key.encode())
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The clear text of `token`. Raises SecretUnreadable."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except (InvalidToken, UnicodeError) as error:
            raise SecretUnreadable() from error
