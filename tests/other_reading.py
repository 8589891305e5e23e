"""A CopyImage server that follows the *other* reading of every ambiguity of the source
(spec/readings.yaml): the suite must find no MUST failure in it (tests/suites/test_readings.py).

It is a thin ASGI wrapper written apart from the emulator. The emulator underneath does what no
reading is about — signatures, state, DescribeImages, the answer format — configured (with a
:class:`reference.behaviour.Fault` object: rules and flags, nothing else) only to *stop*
enforcing what this server reads as allowed; everything this server reads as forbidden it
refuses itself, with its own answers:

* "中文" is U+4E00-U+9FA5 only (reading.cjk-range ``core``);
* lengths count UTF-16 code units (reading.length-units ``utf16``);
* a copy of an image still being copied is 400 IncorrectImageStatus (reading.copying-image
  ``row10``; the emulator's row-15 answer is rewritten);
* ClientToken, DryRun and EncryptAlgorithm are ignored (reading.unlisted-parameters ``ignored``);
* an empty DestinationImageName or DestinationDescription is the default, i.e. absent
  (reading.empty-optional ``absent``);
* http:// and https:// are refused only at the start of a value (reading.url-position
  ``starts``);
* aliyun and acs: are reserved in any case (reading.reserved-prefix-case ``any-case``);
* a tag value may not start with aliyun either (reading.tag-value-prefixes ``as-keys``);
* a name may hold any character (reading.name-charset ``permissive``);
* a description holds only ASCII and Chinese characters (reading.description-charset
  ``restricting``);
* duplicate tag keys and a Tag.N.Value without its key are refused (``refused``);
* booleans are exactly true or false (reading.boolean-spelling ``lower-case``).

The copy queue stays the emulator's (per destination region): every copy the suite makes shares
one source and one destination region, so the readings of reading.copy-queue agree on them.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ecs_conformance.reference.app import App
from ecs_conformance.reference.behaviour import Fault
from ecs_conformance.reference.clock import Clock
from ecs_conformance.spec import load_profile, load_spec
from ecs_conformance.spec.signing import parse_form

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

NAME_MALFORMED = (400, "InvalidImageName.Malformed",
                  "The specified destination Image name is wrongly formed.")
DESCRIPTION_MALFORMED = (400, "InvalidDescription.Malformed",
                         "The specified destination description is wrongly formed.")
NOT_AVAILABLE = (400, "IncorrectImageStatus", "The image not available.")
TAG_KEY = (400, "InvalidTagKey.Malformed", "The specified tag key is wrongly formed.")
TAG_VALUE = (400, "InvalidTagValue.Malformed", "The specified tag value is wrongly formed.")
BAD_PARAMETER = (400, "InvalidParameter", "The specified parameter is not valid.")
TAG = re.compile(r"^Tag\.(\d+)\.(Key|Value)$")
STARTS_ONLY = {"kind": "forbidden_prefix", "prefixes": ("http://", "https://"),
               "substrings": ()}
# What the emulator stops enforcing (this server reads it as allowed); min lengths 0: an empty
# value is absent here, and this wrapper refuses the 1-character ones itself.
RELAXED = Fault(
    "other-reading", "the other reading of every grey zone", (), (),
    flags=frozenset({"dry-run-ignored"}),
    rules={"ClientToken.ascii": None, "ClientToken.length": None, "DryRun.boolean": None,
           "DestinationImageName.charset": None, "DestinationImageName.no-url": STARTS_ONLY,
           "Tag.Key.no-url": STARTS_ONLY, "Tag.Value.no-url": STARTS_ONLY,
           "DestinationImageName.length": {"min": 0},
           "DestinationDescription.length": {"min": 0}},
)


def utf16(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def core_cjk(char: str) -> bool:
    return 0x4E00 <= ord(char) <= 0x9FA5


def _reserved(value: str, prefixes: tuple[str, ...]) -> bool:
    return any(value.lower().startswith(p) for p in prefixes)


def refusal(params: dict[str, str]) -> tuple[int, str, str] | None:
    """What this server refuses before the emulator sees the request (None: pass it on)."""
    name = params.get("DestinationImageName")
    if name:  # empty: absent
        if (not 2 <= utf16(name) <= 128 or _reserved(name, ("aliyun", "acs:"))
                or not ((name[0].isascii() and name[0].isalpha()) or core_cjk(name[0]))
                or any(_cjk_block(c) for c in name)):
            return NAME_MALFORMED
    description = params.get("DestinationDescription")
    if description and (not 2 <= utf16(description) <= 256
                        or any(not (c.isascii() or core_cjk(c)) for c in description)):
        return DESCRIPTION_MALFORMED
    tags: dict[int, dict[str, str]] = {}
    for key, value in params.items():
        if (m := TAG.match(key)) is not None:
            tags.setdefault(int(m.group(1)), {})[m.group(2)] = value
    keys = [t["Key"] for t in tags.values() if "Key" in t]
    if len(keys) != len(set(keys)) or any("Key" not in t for t in tags.values()):
        return BAD_PARAMETER
    for tag in tags.values():
        if utf16(tag["Key"]) > 128 or _reserved(tag["Key"], ("aliyun", "acs:")):
            return TAG_KEY
        if "Value" in tag and (utf16(tag["Value"]) > 128
                               or _reserved(tag["Value"], ("aliyun", "acs:"))):
            return TAG_VALUE
    encrypted = params.get("Encrypted")
    if encrypted is not None and encrypted not in ("true", "false"):
        return BAD_PARAMETER
    return None


def _cjk_block(char: str) -> bool:
    """Ideographs some readings call Chinese and this server does not."""
    point = ord(char)
    return (0x3400 <= point <= 0x4DBF or 0x9FA6 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF
            or 0x20000 <= point <= 0x323AF)


def _params(scope: Scope, body: bytes) -> dict[str, str]:
    out = dict(parse_form(scope.get("query_string", b"")))
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        out.update(parse_form(body))
    if "x-acs-action" in headers:
        out.setdefault("Action", headers["x-acs-action"])
    out["__v3__"] = ("authorization" in headers and "true") or ""
    return out


def _answer(params: dict[str, str], status: int, code: str, message: str
            ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    request_id = str(uuid.uuid4()).upper()
    fields = {"RequestId": request_id, "HostId": "ecs.aliyuncs.com", "Code": code,
              "Message": message}
    if params["__v3__"] or params.get("Format", "").lower() == "json":
        kind, payload = b"application/json;charset=utf-8", json.dumps(fields).encode()
    else:
        xml = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
        kind = b"text/xml;charset=utf-8"
        payload = f'<?xml version="1.0" encoding="UTF-8"?><Error>{xml}</Error>'.encode()
    return status, [(b"content-type", kind)], payload


class OtherReading:
    """The ASGI app: this server's refusals first, then the emulator (its row-15 answer to a
    copy of a copy in progress rewritten to row 10)."""

    def __init__(self) -> None:
        self.inner = App(load_profile(None), Clock(), RELAXED, load_spec())
        self.clock = self.inner.clock  # the suite moves it to watch copies finish

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        params = _params(scope, body)
        refused = refusal(params) if params.get("Action") == "CopyImage" else None
        if refused is not None:
            status, headers, payload = _answer(params, *refused)
        else:
            status, headers, payload = await self._inner(scope, body)
            if params.get("Action") == "CopyImage" and b"OperationDenied.ImageCopying" in payload:
                status, headers, payload = _answer(params, *NOT_AVAILABLE)
        headers = [*headers, (b"content-length", str(len(payload)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    async def _inner(self, scope: Scope, body: bytes
                     ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        sent = False
        answer: dict[str, Any] = {"body": b""}

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"], answer["headers"] = message["status"], message["headers"]
            else:
                answer["body"] += message.get("body", b"")

        await self.inner(scope, replay, capture)
        headers = [(k, v) for k, v in answer["headers"] if k.lower() != b"content-length"]
        return answer["status"], headers, answer["body"]


APP = OtherReading()
