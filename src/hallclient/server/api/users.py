"""``POST /v1/login``: a supervisor or admin signs in on an enrolled device for role-checked endpoints."""

from __future__ import annotations

from datetime import timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select

from hallclient.protocol.accounts import hasher
from hallclient.protocol.credentials import digest
from hallclient.protocol.wire import API_PREFIX, LoginRequest, LoginResult, Problem
from hallclient.server.auth import CallingDevice, calling_device, database
from hallclient.server.clock import iso_utc, utcnow
from hallclient.server.db import Database
from hallclient.server.models import ServerUser, UserSession
from hallclient.server.security import new_token

router = APIRouter(prefix=API_PREFIX, tags=["users"])

SESSION_LIFETIME = timedelta(hours=12)


@router.post(
    "/login",
    response_model=LoginResult,
    responses={401: {"model": Problem}},
    summary="Log a user in on this device; answers a short-lived X-User-Token",
)
def login(
    request: LoginRequest, device: CallingDevice = Depends(calling_device), db: Database = Depends(database)
) -> LoginResult:
    with db.session() as session:
        user = session.scalar(select(ServerUser).where(ServerUser.username == request.username.strip()))
        try:
            if user is None or not user.active:
                raise VerificationError("unknown user")
            hasher.verify(user.password_hash, request.password)
        except (VerificationError, InvalidHashError):
            raise HTTPException(401, "用户名或密码错误") from None
        token = new_token()
        expires = utcnow() + SESSION_LIFETIME
        session.add(UserSession(token_hash=digest(token), user_id=user.id, device_id=device.id, expires_at=expires))
        role = user.role
        username = user.username
    return LoginResult(user_token=token, username=username, role=role, expires_at=iso_utc(expires))  # type: ignore[arg-type]
