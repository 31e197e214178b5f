"""Field-level encryption of personal identifiers at rest, and their keyed blind index (issue 14 item 9).

Stored form of an encrypted value: ``lx1:<key id>:<urlsafe base64 of nonce ‖ AES-256-GCM ciphertext ‖ tag>``.
The associated data is the column's label (``workorders.WorkOrder.contact_phone``), so a ciphertext copied into
another column does not decrypt. An empty value is stored empty (nothing to hide, and ``= ''`` stays usable).

The blind index is ``HMAC-SHA256(index key, purpose ‖ 0x00 ‖ normalised value)`` in hex: equal values give equal
digests, so an exact-match lookup uses an ordinary B-tree index, while the digest reveals nothing without the key.
Prefix, range and substring searches on these fields are impossible by design.

Keys (a key ring, so old ciphertexts stay readable after a rotation):

- ``LIANXIN_FIELD_KEYS="k2:<base64 32 bytes>,k1:<base64 32 bytes>"`` — the first key encrypts, all decrypt;
- ``LIANXIN_BLIND_INDEX_KEY="<base64 32 bytes>"`` — the HMAC key of the blind index;
- neither set (the embedded default): ``LIANXIN_HOME/field_keys.json``, generated with mode 0600 on first use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "lx1"
KEY_FILE_NAME = "field_keys.json"


class FieldDecryptionError(Exception):
    """A stored value could not be decrypted: unknown key id, wrong key, or tampered ciphertext."""


@dataclass(frozen=True)
class KeyRing:
    primary: str
    keys: dict[str, bytes]
    index_key: bytes
    source: str  # "environment" or the key file's path


def _b64decode_key(text: str, what: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except ValueError as error:
        raise ImproperlyConfigured(f"{what} 不是有效的 base64 编码。") from error
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{what} 的长度应为 32 字节（AES-256 / HMAC-SHA256）。")
    return raw


def new_key_text() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _parse_key_list(text: str) -> tuple[str, dict[str, bytes]]:
    keys: dict[str, bytes] = {}
    primary = ""
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        key_id, sep, value = item.partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured("LIANXIN_FIELD_KEYS 的格式应为 “编号:base64密钥,编号:base64密钥”。")
        keys[key_id] = _b64decode_key(value, f"LIANXIN_FIELD_KEYS 中的密钥 {key_id}")
        primary = primary or key_id
    if not keys:
        raise ImproperlyConfigured("LIANXIN_FIELD_KEYS 中没有密钥。")
    return primary, keys


def key_file_path() -> Path:
    return Path(settings.LIANXIN_HOME) / KEY_FILE_NAME


def write_key_file(path: Path, primary: str, keys: dict[str, str], index_key: str) -> None:
    """Write the key file atomically with mode 0600 (never readable by other accounts)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump({"primary": primary, "keys": keys, "index_key": index_key}, handle, indent=1)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def read_key_file(path: Path) -> dict:
    return json.loads(path.read_text())


def _load_from_file(path: Path) -> KeyRing:
    if not path.exists():
        write_key_file(path, "k1", {"k1": new_key_text()}, new_key_text())
    data = read_key_file(path)
    keys = {kid: _b64decode_key(v, f"{path} 中的密钥 {kid}") for kid, v in data["keys"].items()}
    if data["primary"] not in keys:
        raise ImproperlyConfigured(f"{path}：主密钥 {data['primary']} 不在密钥列表中。")
    return KeyRing(data["primary"], keys, _b64decode_key(data["index_key"], "index_key"), str(path))


def _load() -> KeyRing:
    field_keys = getattr(settings, "LIANXIN_FIELD_KEYS", "")
    if field_keys:
        primary, keys = _parse_key_list(field_keys)
        index_text = getattr(settings, "LIANXIN_BLIND_INDEX_KEY", "")
        if not index_text:
            raise ImproperlyConfigured("设置了 LIANXIN_FIELD_KEYS 时也须设置 LIANXIN_BLIND_INDEX_KEY。")
        return KeyRing(primary, keys, _b64decode_key(index_text, "LIANXIN_BLIND_INDEX_KEY"), "environment")
    return _load_from_file(key_file_path())


_lock = threading.Lock()
_ring: KeyRing | None = None


def key_ring() -> KeyRing:
    global _ring
    if _ring is None:
        with _lock:
            if _ring is None:
                _ring = _load()
    return _ring


def reset_key_ring() -> None:
    """Forget the loaded keys (after a rotation, or when a test changes the settings)."""
    global _ring
    with _lock:
        _ring = None


@lru_cache(maxsize=16)
def _aead(key: bytes) -> AESGCM:
    return AESGCM(key)


def encrypt(plaintext: str, purpose: str, *, ring: KeyRing | None = None) -> str:
    if not plaintext:
        return ""
    ring = ring or key_ring()
    nonce = secrets.token_bytes(12)
    sealed = _aead(ring.keys[ring.primary]).encrypt(nonce, plaintext.encode(), purpose.encode())
    return f"{PREFIX}:{ring.primary}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(f"{PREFIX}:")  # type: ignore[union-attr]


def key_id_of(stored: str) -> str | None:
    return stored.split(":", 2)[1] if is_encrypted(stored) else None


def decrypt(stored: str | None, purpose: str, *, ring: KeyRing | None = None) -> str:
    """The clear value. A value without the prefix is a row written before encryption (read as it is, and
    re-encrypted by the data migration or ``keys rotate``)."""
    if not stored:
        return ""
    if not is_encrypted(stored):
        return stored
    ring = ring or key_ring()
    _, key_id, body = stored.split(":", 2)
    key = ring.keys.get(key_id)
    if key is None:
        raise FieldDecryptionError(f"未知的字段密钥编号 {key_id}（密钥环中没有）。")
    raw = base64.urlsafe_b64decode(body)
    try:
        return _aead(key).decrypt(raw[:12], raw[12:], purpose.encode()).decode()
    except InvalidTag as error:
        raise FieldDecryptionError(f"字段解密失败（密钥 {key_id} 不符或密文被篡改）。") from error


def blind_index(value: str, purpose: str, *, ring: KeyRing | None = None) -> str:
    """HMAC-SHA256 of an already normalised value, hex; empty for an empty value."""
    if not value:
        return ""
    ring = ring or key_ring()
    message = purpose.encode() + b"\x00" + value.encode()
    return hmac.new(ring.index_key, message, hashlib.sha256).hexdigest()
