"""Turn business parameters and a transport into a signed wire request (V1 or V3)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from ecs_conformance.spec.signing import new_nonce, utc_timestamp, v1_sign, v3_sign
from ecs_conformance.spec.wire import FORM_TYPE as FORM
from ecs_conformance.spec.wire import Transport, encode_pairs
from ecs_conformance.suites.defects import Defect, Draft, ordered
from ecs_conformance.suites.recipe import Recipe
from ecs_conformance.suites.wire import WireRequest


@dataclass(frozen=True)
class Signer:
    access_key_id: str
    secret: str
    host: str
    action: str = field(kw_only=True)  # the spec's operation.action and .version, never literals
    version: str = field(kw_only=True)
    clock_skew: timedelta = timedelta(0)  # follows the target's clock; never a defect
    account: str | None = None  # the profile account whose credentials these are, if not the main

    def __repr__(self) -> str:  # never show the secret
        return f"Signer(access_key_id={self.access_key_id!r}, host={self.host!r})"

    def sign(
        self,
        params: Mapping[str, str] | Sequence[tuple[str, str]],
        transport: Transport,
        *,
        nonce: str | None = None,
        timestamp: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        signed_headers: Sequence[str] | None = None,
        defects: Sequence[Defect] = (),
    ) -> WireRequest:
        """Sign ``params`` for ``transport``, apply the deliberate ``defects`` (see
        :mod:`suites.recipe`) and record how the request was built on it."""
        pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
        chosen = ordered(list(defects))
        recipe = Recipe.of(transport, tuple(pairs), action=self.action, version=self.version,
                           headers=tuple((extra_headers or {}).items()),
                           signed_headers=tuple(signed_headers) if signed_headers else None,
                           account=self.account, defects=chosen)
        return self.build(recipe, nonce=nonce, timestamp=timestamp)

    def build(self, recipe: Recipe, *, nonce: str | None = None,
              timestamp: str | None = None) -> WireRequest:
        """The request a recipe describes, signed now (or at ``timestamp``) with ``nonce``."""
        draft = Draft(self.access_key_id, self.secret, datetime.now(UTC) + self.clock_skew,
                      nonce or new_nonce(), timestamp, dict(recipe.headers))
        for defect in recipe.defects:
            defect.before(draft)
        request = self._sign(recipe, draft)
        for defect in recipe.defects:
            request = request.with_(**defect.after(request, draft))  # type: ignore[arg-type]
        return request

    def _sign(self, recipe: Recipe, draft: Draft) -> WireRequest:
        pairs = list(recipe.business)
        stamp = draft.timestamp if draft.timestamp is not None else utc_timestamp(draft.now)
        method, style = recipe.method, recipe.space_style

        def wire(query: Sequence[tuple[str, str]], headers: Mapping[str, str],
                 body: bytes = b"") -> WireRequest:
            return WireRequest.of(method, tuple(query), tuple(headers.items()), body,
                                  space_style=style, business=tuple(pairs),
                                  scheme=recipe.scheme, recipe=recipe)

        if recipe.scheme == "v1":
            signed = v1_sign(method, pairs, draft.access_key_id, draft.secret, nonce=draft.nonce,
                             timestamp=stamp, fmt=recipe.fmt, version=recipe.version,
                             action=recipe.action)
            headers = dict(draft.extra_headers)
            if recipe.placement == "form":
                headers["content-type"] = FORM
                return wire((), headers, _form(signed, style))
            return wire(signed, headers)
        body = b""
        query = pairs
        extra = dict(draft.extra_headers)
        if recipe.placement == "form":
            body, query = _form(pairs, style), []
            extra.setdefault("content-type", FORM)
        headers = v3_sign(method, self.host, query, draft.access_key_id, draft.secret,
                          nonce=draft.nonce, date=stamp, body=body, action=recipe.action,
                          version=recipe.version, extra_headers=extra,
                          signed_headers=recipe.signed_headers)
        return wire(query, headers, body)

    def with_credentials(self, access_key_id: str, secret: str,
                         account: str | None = None) -> Signer:
        """Sign as another key; ``account`` names the profile account it belongs to (a
        reproduction command then reads that account's credentials from the environment)."""
        return replace(self, access_key_id=access_key_id, secret=secret, account=account)


def _form(pairs: Sequence[tuple[str, str]], space_style: str) -> bytes:
    return encode_pairs(list(pairs), space_style).encode("ascii")


_counter = itertools.count()


def fresh_suffix(width: int = 8) -> str:
    """A short suffix of lower-case letters and digits, unique within this process run."""
    n = next(_counter)
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(width):
        n, r = divmod(n, 36)
        out = alphabet[r] + out
    return out


__all__ = ["Signer", "Transport", "fresh_suffix"]
