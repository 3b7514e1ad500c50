"""Creating, listing, revoking and checking personal API tokens (request-free, flush only)."""
from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from diaspora import audit, privacy
from diaspora.auth.models import User
from diaspora.errors import InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.timeutil import utcnow
from diaspora.tokens.models import ApiToken

SCHEME = "ura_"
SECRET_BYTES = 32
PREFIX_LENGTH = len(SCHEME) + 8
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often per token, so read-only API traffic stays read-only.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: bytes) -> str:
    return hashlib.sha256(secret).hexdigest()


def _decode(token: str) -> bytes | None:
    if not token.startswith(SCHEME) or len(token) > 100:
        return None
    body = token[len(SCHEME):]
    try:
        secret = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return None
    return secret if len(secret) == SECRET_BYTES else None


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the row and the plain token: show it once, it is not stored anywhere."""
    name = " ".join((name or "").split())
    if not name or len(name) > 80:
        raise InvalidInput(_("Give the token a name of up to 80 characters."), field="name")
    active = db.session.scalar(select(func.count(ApiToken.id)).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)))
    if active >= MAX_ACTIVE_TOKENS:
        raise InvalidInput(_("You have %(count)s active tokens: revoke one you no longer use first.",
                             count=MAX_ACTIVE_TOKENS), field="name")
    secret = secrets.token_bytes(SECRET_BYTES)
    plain = SCHEME + base64.urlsafe_b64encode(secret).decode().rstrip("=")
    token = ApiToken(user_id=user.id, name=name, prefix=plain[:PREFIX_LENGTH], token_hash=_hash(secret))
    db.session.add(token)
    db.session.flush()
    audit.record("api_token_created", actor_id=user.id, object_type="api_token", object_id=token.id,
                 subject_user_id=user.id, prefix=token.prefix)
    return token, plain


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                                             ApiToken.id.desc())))


def revoke_token(user: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("This token does not exist."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("api_token_revoked", actor_id=user.id, object_type="api_token", object_id=token.id,
                     subject_user_id=user.id, prefix=token.prefix)
        db.session.flush()
    return token


def user_for_token(plain: str) -> User | None:
    """The active account behind a valid, unrevoked token, or None. Marks the token as used."""
    secret = _decode(plain or "")
    if secret is None:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.flush()
    return token.user


def _export_tokens(user: User) -> list[dict]:
    return [{"name": t.name, "prefix": t.prefix, "created_at": t.created_at.isoformat(),
             "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
             "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None} for t in tokens_of(user)]


def _erase_tokens(user: User) -> None:
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


privacy.register("api_tokens", _export_tokens, _erase_tokens)
