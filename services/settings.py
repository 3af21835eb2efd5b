"""Runtime settings, read once from the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh_CN", "en")


def _instance_dir() -> Path:
    path = Path(os.environ.get("PELAGO_INSTANCE_DIR", PROJECT_ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(instance_dir: Path) -> str:
    """PELAGO_SECRET_KEY, else a key generated once into instance/secret_key."""
    if key := os.environ.get("PELAGO_SECRET_KEY"):
        return key
    key_file = instance_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    host: str = "127.0.0.1"
    port: int = 8050
    default_language: str = "zh_CN"
    debug: bool = False
    timezone: str = "Asia/Shanghai"
    instance_dir: Path = field(default_factory=_instance_dir)

    @classmethod
    def from_env(cls) -> Settings:
        instance_dir = _instance_dir()
        default_db = f"sqlite:///{instance_dir / 'pelago.db'}"
        language = os.environ.get("PELAGO_LANGUAGE", "zh_CN").replace("-", "_")
        return cls(
            database_url=os.environ.get("PELAGO_DATABASE_URL", default_db),
            secret_key=_secret_key(instance_dir),
            host=os.environ.get("PELAGO_HOST", "127.0.0.1"),
            port=int(os.environ.get("PELAGO_PORT", "8050")),
            default_language=language if language in LANGUAGES else "zh_CN",
            debug=os.environ.get("PELAGO_DEBUG") == "1",
            timezone=os.environ.get("PELAGO_TIMEZONE", "Asia/Shanghai"),
            instance_dir=instance_dir,
        )
