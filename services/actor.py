"""The acting user as services see it: identity, permissions and data scope."""

from __future__ import annotations

from dataclasses import dataclass

from services.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    team_id: int | None
    role_code: str
    permissions: frozenset[str]
    data_scope: str  # own | team | all
    # Users whose records this actor may read and change; None = everyone.
    visible_user_ids: frozenset[int] | None
    # The scope switcher's narrower view for lists (a subset of visible_user_ids).
    focus_user_ids: frozenset[int] | None
    language: str = "zh_CN"

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        """Raises PermissionDenied unless the actor holds `permission`."""
        if permission not in self.permissions:
            raise PermissionDenied()

    def sees_user(self, user_id: int | None) -> bool:
        if self.visible_user_ids is None:
            return True
        return user_id is not None and user_id in self.visible_user_ids
