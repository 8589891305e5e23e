"""Checks of how the client handled the answer: success values, the error fields of every
documented row, malformed answers, timeouts and retries."""

from __future__ import annotations

from defusedxml import ElementTree

from ecs_conformance.spec.model import ErrorRow
from ecs_conformance.suites.clientkit.answers import ErrorCase, MalformedCase, SuccessCase
from ecs_conformance.suites.clientkit.attempt import Attempt
from ecs_conformance.suites.clientkit.contract import Handshake
from ecs_conformance.suites.findings import Checked

TIMEOUT_GRACE_S = 1.0


def body_fields(text: str) -> dict[str, str]:
    """RequestId / Code / Message of a JSON or XML body we served."""
    import json

    if text.lstrip().startswith("<"):
        root = ElementTree.fromstring(text.encode("utf-8"), forbid_dtd=True)
        return {child.tag: child.text or "" for child in root}
    data = json.loads(text)
    return {k: v for k, v in data.items() if isinstance(v, str)}


def success_requirement(handshake: Handshake) -> str:
    """The success requirement of what a conforming server answers this client: XML for V1
    requests with Format=XML or without Format, JSON otherwise. The session refuses a call
    whose requests ask for another format than the handshake declares, so this is also the
    format every answer of the run was served in."""
    return "client.success.xml" if handshake.answer_format == "xml" else "client.success.json"


def check_success(attempt: Attempt, case: SuccessCase, requirement: str) -> Checked:
    out = Checked(assessed={requirement})
    want = case.expected()
    got = {k: attempt.result.get(k) for k in want}
    if attempt.outcome == "rejected":
        declared = sorted(attempt.handshake.parameters or ()) or "every parameter"
        out.append(attempt.finding(
            requirement, "the client refuses a valid call within its declared parameters",
            f"the call sent and outcome ok with {want} (capabilities.parameters: {declared})",
            attempt.shown_result(), index=None))
    elif attempt.outcome != "ok" or got != want:
        out.append(attempt.finding(requirement, "the success answer is not returned as sent",
                                   f"outcome ok with {want}", attempt.shown_result()))
    return out


def check_error(attempt: Attempt, case: ErrorCase, requirement: str) -> Checked:
    row: ErrorRow = case.row
    out = Checked(assessed={requirement, "client.errors.message", "client.errors.request-id"})
    served = body_fields(str(attempt.served[-1].reply.body)) if attempt.served else {}
    result, shown = attempt.result, attempt.shown_result()
    if attempt.outcome != "error":
        out.append(attempt.finding(requirement, "an error answer is not an error outcome",
                                   f"outcome error with code {row.code}", shown))
        return out
    if result.get("code") != row.code or result.get("http_status") != row.status:
        out.append(attempt.finding(
            requirement, "the error's code or HTTP status is lost",
            f"code {row.code!r}, http_status {row.status}",
            f"code {result.get('code')!r}, http_status {result.get('http_status')!r}"))
    if result.get("message") != served.get("Message"):
        out.append(attempt.finding("client.errors.message", "the error message is not surfaced",
                                   f"message {served.get('Message')!r}",
                                   f"message {result.get('message')!r}"))
    if result.get("request_id") != served.get("RequestId"):
        out.append(attempt.finding("client.errors.request-id",
                                   "the error's request id is not surfaced",
                                   f"request_id {served.get('RequestId')!r}",
                                   f"request_id {result.get('request_id')!r}"))
    return out


def check_malformed(attempt: Attempt, case: MalformedCase) -> Checked:
    requirement = case.requirement
    out = Checked(assessed={requirement})
    shown = attempt.shown_result()
    if case.success is not None:  # a wrong content type: the success or a clean error
        want = case.success.expected()
        ok = attempt.outcome == "error" or (
            attempt.outcome == "ok" and {k: attempt.result.get(k) for k in want} == want)
        if not ok:
            out.append(attempt.finding(requirement, "a wrong content type gives a wrong value",
                                       f"outcome error, or ok with {want}", shown))
        return out
    if attempt.outcome != "error":
        out.append(attempt.finding(requirement, "a malformed answer is taken for a result",
                                   "outcome error", shown))
        return out
    status = case.reply.status
    if status >= 500 and attempt.result.get("http_status") != status:
        kept = ("client.malformed.error-without-code"
                if requirement == "client.malformed.error-without-code"
                else "client.malformed.status-kept")
        out.assessed.add(kept)
        out.append(attempt.finding(kept, "the HTTP status of the answer is lost",
                                   f"http_status {status}", shown))
    elif status >= 500 and requirement == "client.malformed.html":
        out.assessed.add("client.malformed.status-kept")
    return out


def check_timeout(attempt: Attempt, timeout_s: float, delay_s: float) -> Checked:
    out = Checked(assessed={"client.timeout"})
    limit = timeout_s + TIMEOUT_GRACE_S
    if attempt.outcome != "error" or attempt.elapsed_s > limit:
        out.append(attempt.finding(
            "client.timeout", "a slow answer is not given up in time",
            f"outcome error within {limit:g}s (timeout_s {timeout_s:g} + {TIMEOUT_GRACE_S:g})",
            f"{attempt.shown_result()} after {attempt.elapsed_s:.2f}s "
            f"(the server answered after {delay_s:g}s)"))
    return out


def check_retry(attempt: Attempt, case: SuccessCase, requirement: str, first: str) -> Checked:
    """A ``first`` answer (503, Throttling) then success: the client retries and succeeds, every
    attempt signed afresh (verified signature, new nonce)."""
    out = check_success(attempt, case, requirement)
    if len(attempt.served) < 2:
        out.append(attempt.finding(requirement, "the client does not retry",
                                   f"a retry after the {first} answer",
                                   f"{len(attempt.served)} request(s)"))
    out.assessed.add("client.retry.resigned")
    nonces = [s.request.header("x-acs-signature-nonce") or s.request.raw_query
              for s in attempt.served]
    for index, served in enumerate(attempt.served):
        if served.signature_problems or nonces.count(nonces[index]) > 1:
            out.append(attempt.finding(
                "client.retry.resigned", "a retry is not signed afresh",
                "each attempt with a new nonce and a signature that verifies",
                "; ".join(served.signature_problems) or "the same request is sent again",
                index))
    return out


def check_bounded(attempt: Attempt) -> Checked:
    out = Checked(assessed={"client.retry.bounded"})
    allowed = 1 + attempt.handshake.retries
    if len(attempt.served) > allowed:
        out.append(attempt.finding(
            "client.retry.bounded", "the client sends the call more often than declared",
            f"at most {allowed} request(s) (capabilities.retries = {attempt.handshake.retries})",
            f"{len(attempt.served)} requests"))
    if attempt.outcome != "error":
        out.append(attempt.finding("client.retry.bounded", "a failing call is not an error",
                                   "outcome error", attempt.shown_result()))
    return out
