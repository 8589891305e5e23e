"""The typed model of the CopyImage contract: frozen dataclasses built once from spec/*.yaml.

Nothing downstream reads raw YAML; everything reads these objects (see :mod:`spec.loader`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["MUST", "SHOULD"]
ErrorClass = Literal["input", "state", "internal"]


@dataclass(frozen=True)
class Operation:
    product: str
    version: str
    action: str
    style: str
    methods: tuple[str, ...]
    path: str
    schemes: tuple[str, ...]
    central_endpoint: str
    regional_endpoint: str
    source: str

    def regional_host(self, region_id: str) -> str:
        return self.regional_endpoint.format(region_id=region_id)


@dataclass(frozen=True)
class CharClass:
    name: str
    ranges: tuple[tuple[int, int], ...]

    def contains(self, char: str) -> bool:
        point = ord(char)
        return any(lo <= point <= hi for lo, hi in self.ranges)


@dataclass(frozen=True)
class RepeatField:
    name: str
    type: str
    example: str | None
    description: str


@dataclass(frozen=True)
class Repeat:
    min_index: int
    max_index: int
    max_items: int
    fields: tuple[RepeatField, ...]


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    example: str | None
    default: str | None
    in_source: bool
    location: str
    description: str
    source: str
    repeat: Repeat | None = None
    roles: tuple[str, ...] = ()  # what the parameter is for (spec/roles.py)
    duplicate_row: str | None = None  # the error row a repeated value gets (role ``name``)
    # the value the client suite's fixed probe call sets (adapter form: a bool for a Boolean, a
    # list of field dicts for a repeat list); the required ones make its minimal call
    probe: Any = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class ErrorRow:
    """One row of the source document's error table (or of the extra codes)."""

    id: str
    requirement: str
    row: int
    status: int
    code: str
    message: str
    meaning_zh: str | None  # None where no source gives one (the row's meaning_zh_note says so)
    meaning_en: str
    error_class: ErrorClass
    role: str | None
    trigger: str | None
    source: str
    in_source: bool = True
    #: rows of one group are alternative documented answers to one situation (companions)
    group: str | None = None
    #: the operation whose error table holds the row
    action: str = ""
    #: parameter roles the trigger also sets to a value the profile names (errors.yaml needs)
    needs: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        if self.requirement.startswith(f"{self.action}.error."):
            return (f"{self.action} answers {self.code} with HTTP {self.status} and its "
                    f"documented message ({self.id})")
        return f"{self.code} is answered with HTTP {self.status} and its documented message"


@dataclass(frozen=True)
class ExtraCode:
    code: str
    status: int
    message: str | None
    error_class: ErrorClass
    source: str
    in_source: bool = False


@dataclass(frozen=True)
class Check:
    """A machine-checkable predicate; ``kind`` selects the interpretation."""

    kind: str
    min: int | None = None
    max: int | None = None
    classes: tuple[str, ...] = ()
    chars: str = ""
    prefixes: tuple[str, ...] = ()
    substrings: tuple[str, ...] = ()
    other: str | None = None
    equals: str | None = None
    when_present: str | None = None
    within: str | None = None  # known_image: the parameter naming the image's region
    values: tuple[str, ...] = ()  # one_of: the documented values


@dataclass(frozen=True)
class Rejection:
    """What a violation must produce: documented rows, or any 4xx with codes seen in practice."""

    rows: tuple[ErrorRow, ...] = ()
    status_class: str | None = None
    codes_seen: tuple[str, ...] = ()

    @property
    def documented(self) -> bool:
        return bool(self.rows)

    @property
    def status(self) -> int | None:
        return self.rows[0].status if self.rows else None

    @property
    def code(self) -> str | None:
        return self.rows[0].code if self.rows else None

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(row.message for row in self.rows)


@dataclass(frozen=True)
class Rule:
    id: str
    parameter: str
    title: str
    level: Level
    check: Check
    reject: Rejection | None
    source: str


@dataclass(frozen=True)
class Decision:
    id: str
    title: str
    decision: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Expectation:
    statuses: tuple[int, ...] = ()
    status_class: str | None = None
    code: str | None = None
    codes_seen: tuple[str, ...] = ()

    def status_ok(self, status: int) -> bool:
        if self.statuses:
            return status in self.statuses
        if self.status_class == "4xx":
            return 400 <= status < 500
        if self.status_class == "5xx":
            return 500 <= status < 600
        return 400 <= status < 600


@dataclass(frozen=True)
class ProtocolRequirement:
    id: str
    category: str
    title: str
    level: Level
    source: str
    expect: Expectation | None = None
    needs: tuple[str, ...] = ()
    triggerable: bool = True
    window_minutes: int | None = None
    message_prefix: str | None = None


@dataclass(frozen=True)
class CommonParameter:
    name: str
    required: bool
    scheme: str
    format: str
    source: str


@dataclass(frozen=True)
class SignatureScheme:
    id: str
    name: str
    carrier: str
    algorithm: str
    key: str
    string_to_sign: str
    encoding: str
    test_vector: str
    source: str


@dataclass(frozen=True)
class GatewayError:
    code: str
    status: int
    message: str
    source: str


@dataclass(frozen=True)
class ResponseShape:
    id: str
    status_class: str
    format: str
    content_type: str
    root: str | None
    source: str
    schema: dict[str, Any] = field(compare=False, hash=False)


@dataclass(frozen=True)
class ClientRequirement:
    """A requirement on a client (SDK) of the operation, from client.yaml (category "client").

    ``needs`` names what a client must declare or do for the requirement to be assessed
    (``retries``, ``v1``, ``v3``, ``xml``, ``json``); ``parameters`` the CopyImage parameters
    of which a call must carry one (a client declaring none of them is not assessed on it);
    ``error`` is set for the one requirement generated per error row.
    """

    id: str
    group: str
    title: str
    level: Level
    source: str
    needs: str | None = None
    error: ErrorRow | None = None
    parameters: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadingOption:
    """One reading of an ambiguous passage of the source."""

    id: str
    description: str


@dataclass(frozen=True)
class ReadingProbe:
    """A request (``params`` over the valid base) or a named ``scenario`` whose answer tells
    the readings apart; ``expect`` maps each reading ID to the outcome it predicts."""

    id: str
    params: tuple[tuple[str, str], ...]
    scenario: str | None
    expect: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class GreyZone:
    """The values on which the readings disagree, in the form the strategies avoid them:
    ``chars`` never drawn for ``parameters``; forbidden substrings of the entry's rules kept
    at the start of a value (``mid_substring``); boolean ``spellings`` never sent as valid."""

    description: str
    parameters: tuple[str, ...] = ()
    chars: tuple[tuple[int, int], ...] = ()
    mid_substring: bool = False
    spellings: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A place where the source admits more than one reading (spec/readings.yaml)."""

    id: str
    title: str
    words: str
    where: str
    rules: tuple[str, ...]
    primary: str
    options: tuple[ReadingOption, ...]
    grey: GreyZone
    probes: tuple[ReadingProbe, ...]


@dataclass(frozen=True)
class Requirement:
    """The uniform view of every requirement (rule, error row, protocol or state clause)."""

    id: str
    level: Level
    title: str
    category: str
    source: str
    parameter: str | None = None
    error: ErrorRow | None = None
    editions: tuple[str, ...] = ("seed",)  # the editions in which a requirement of this ID holds


@dataclass(frozen=True)
class Edition:
    """Which contract edition a model is (spec/editions.py): ``seed`` or an overlay's name.

    ``holds`` maps every requirement ID of any edition to the editions that define it."""

    name: str = "seed"
    title: str = "the seed page's contract"
    holds: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)

    def editions_of(self, req_id: str) -> tuple[str, ...]:
        return self.holds.get(req_id, (self.name,))


@dataclass(frozen=True)
class Contract:
    """One operation's contract: identity, parameters, rules, error rows and success shapes.

    The spec's primary operation (operation.yaml, errors.yaml, responses.yaml) and each companion
    (spec/operations/<Action>.yaml) are contracts of the same shape, so code that checks or
    serves an operation reads this and never an operation's name."""

    operation: Operation
    parameters: tuple[Parameter, ...]
    rules: tuple[Rule, ...]
    error_rows: tuple[ErrorRow, ...]
    responses: tuple[ResponseShape, ...]
    char_classes: dict[str, CharClass] = field(compare=False, hash=False)
    primary: bool = False
    #: a request the suites build on (values may be ${group.key} profile roles), what it gets
    #: ("success" or "row:<id>"), and whether it may be sent as is
    baseline: tuple[tuple[str, str], ...] = ()
    baseline_answer: str = "success"
    baseline_sendable: bool = True
    #: what the operation is for (spec/purposes.py), for companions that declare it
    purpose: str | None = None

    @property
    def action(self) -> str:
        return self.operation.action

    def parameter(self, name: str) -> Parameter:
        return _find(self.parameters, "name", name, f"{self.action} parameter")

    def rule(self, rule_id: str) -> Rule:
        return _find(self.rules, "id", rule_id, f"{self.action} rule")

    def row(self, row_id: str) -> ErrorRow:
        return _find(self.error_rows, "id", row_id, f"{self.action} error row")

    def rows_in_group(self, group: str) -> tuple[ErrorRow, ...]:
        return tuple(row for row in self.error_rows if row.group == group)

    def rules_for(self, parameter: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.parameter == parameter)

    def response(self, shape_id: str) -> ResponseShape:
        return _find(self.responses, "id", shape_id, f"{self.action} response shape")


@dataclass(frozen=True)
class Spec:
    operation: Operation
    char_classes: dict[str, CharClass] = field(compare=False, hash=False)
    parameters: tuple[Parameter, ...]
    rules: tuple[Rule, ...]
    decisions: tuple[Decision, ...]
    error_rows: tuple[ErrorRow, ...]
    extra_codes: tuple[ExtraCode, ...]
    common_parameters: tuple[CommonParameter, ...]
    signature_schemes: tuple[SignatureScheme, ...]
    protocol_requirements: tuple[ProtocolRequirement, ...]
    state_requirements: tuple[ProtocolRequirement, ...]
    gateway_errors: tuple[GatewayError, ...]
    responses: tuple[ResponseShape, ...]
    patterns: dict[str, str] = field(compare=False, hash=False)
    digest: str = ""
    client_requirements: tuple[ClientRequirement, ...] = ()
    readings: tuple[Reading, ...] = ()
    canonical: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)
    edition: Edition = field(default_factory=Edition)
    #: the other operations of the API the spec holds (spec/operations/*.yaml), by action
    companions: tuple[Contract, ...] = ()

    # --- operations ----------------------------------------------------------------------------
    def contracts(self) -> tuple[Contract, ...]:
        """Every operation's contract: the primary one first, then the companions by action."""
        primary = Contract(
            self.operation, self.parameters, self.rules, self.error_rows,
            tuple(r for r in self.responses if r.status_class == "2xx"), self.char_classes,
            primary=True,
        )
        return (primary, *self.companions)

    def contract(self, action: str) -> Contract:
        return _find(self.contracts(), "action", action, "operation")

    def companion(self, purpose: str) -> Contract | None:
        """The companion declaring ``purpose`` (spec/purposes.py), or ``None`` when the spec
        holds none (the loader keeps purposes unique)."""
        return next((c for c in self.companions if c.purpose == purpose), None)

    # --- look-ups ------------------------------------------------------------------------------
    def parameter(self, name: str) -> Parameter:
        return _find(self.parameters, "name", name, "parameter")

    def rule(self, rule_id: str) -> Rule:
        return _find(self.rules, "id", rule_id, "rule")

    def row(self, row_id: str) -> ErrorRow:
        return _find(self.error_rows, "id", row_id, "error row")

    def rows_for_code(self, code: str) -> tuple[ErrorRow, ...]:
        return tuple(row for row in self.error_rows if row.code == code)

    def gateway_error(self, code: str) -> GatewayError:
        return _find(self.gateway_errors, "code", code, "gateway error")

    def protocol_requirement(self, req_id: str) -> ProtocolRequirement:
        return _find(
            self.protocol_requirements + self.state_requirements, "id", req_id, "requirement"
        )

    def response(self, shape_id: str) -> ResponseShape:
        return _find(self.responses, "id", shape_id, "response shape")

    def rules_for(self, parameter: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.parameter == parameter)

    def rules_rejecting_with(self, row_id: str) -> tuple[Rule, ...]:
        return tuple(
            rule for rule in self.rules
            if rule.reject and row_id in {r.id for r in rule.reject.rows}
        )

    def reading(self, reading_id: str) -> Reading:
        return _find(self.readings, "id", reading_id, "reading")

    def grey_chars(self, parameter: str) -> tuple[tuple[int, int], ...]:
        """Code points some reading allows in ``parameter`` and another refuses (or counts
        differently): valid values and violations never draw them."""
        return tuple(r for entry in self.readings if parameter in entry.grey.parameters
                     for r in entry.grey.chars)

    def grey_prefixes(self, parameter: str) -> tuple[str, ...]:
        """Prefixes some reading reserves for ``parameter`` and another allows: valid values
        never start with them (in any case)."""
        return tuple(p for entry in self.readings if parameter in entry.grey.parameters
                     for p in entry.grey.prefixes)

    def grey_mid_substring(self, rule_id: str) -> bool:
        """Is a forbidden substring of ``rule_id`` grey anywhere but at the start of a value?"""
        return any(e.grey.mid_substring and rule_id in e.rules for e in self.readings)

    def grey_spellings(self) -> frozenset[str]:
        """Boolean spellings some reading accepts and another refuses."""
        return frozenset(s for e in self.readings for s in e.grey.spellings)

    def requirements(self) -> tuple[Requirement, ...]:
        """Every requirement the suites can report on, in a stable order (built once: the
        spec is frozen, and suites look levels up for every example)."""
        built: tuple[Requirement, ...] | None = self.__dict__.get("_requirements")
        if built is None:
            built = self._build_requirements()
            object.__setattr__(self, "_requirements", built)
        return built

    def level(self, req_id: str) -> Level:
        """The level (MUST/SHOULD) of a requirement, by id."""
        levels: dict[str, Level] | None = self.__dict__.get("_levels")
        if levels is None:
            levels = {r.id: r.level for r in self.requirements()}
            object.__setattr__(self, "_levels", levels)
        if req_id not in levels:
            self.requirement(req_id)  # raises the usual "unknown requirement" error
        return levels[req_id]

    def _build_requirements(self) -> tuple[Requirement, ...]:
        return tuple(dataclasses.replace(r, editions=self.edition.editions_of(r.id))
                     for r in self._plain_requirements())

    def _plain_requirements(self) -> tuple[Requirement, ...]:
        out: list[Requirement] = [
            Requirement(r.id, r.level, r.title, "rule", r.source, parameter=r.parameter)
            for r in self.rules
        ]
        out += [
            Requirement(row.requirement, "MUST", row.title, "error-row", row.source, error=row)
            for row in self.error_rows
        ]
        out += [
            Requirement(p.id, p.level, p.title, p.category, p.source)
            for p in self.protocol_requirements + self.state_requirements
        ]
        out += [
            Requirement(c.id, c.level, c.title, "client", c.source, error=c.error)
            for c in self.client_requirements
        ]
        for contract in self.companions:
            out.append(Requirement(
                f"{contract.action}.served", "MUST",
                f"A target whose profile declares {contract.action} serves it (no "
                "InvalidAction.NotFound)", "gateway", contract.operation.source,
            ))
            out += [
                Requirement(r.id, r.level, r.title, "rule", r.source, parameter=r.parameter)
                for r in contract.rules
            ]
            grouped: dict[str, ErrorRow] = {}
            for row in contract.error_rows:  # a group's rows share one requirement
                grouped.setdefault(row.requirement, row)
            out += [
                Requirement(req_id, "MUST", _row_title(row), "error-row", row.source, error=row)
                for req_id, row in grouped.items()
            ]
            out += _client_requirements(contract, grouped)
            if contract.baseline_answer == "success":
                out.append(Requirement(
                    f"{contract.action}.response.success-schema", "MUST",
                    f"{contract.action} answers a valid request with its documented success "
                    "shape, in JSON and in XML", "format",
                    "; ".join(dict.fromkeys(r.source for r in contract.responses)),
                ))
        return tuple(out)

    def requirement(self, req_id: str) -> Requirement:
        return _find(self.requirements(), "id", req_id, "requirement")


def _client_requirements(contract: Contract, rows: dict[str, ErrorRow]) -> list[Requirement]:
    """What a client that declares ``contract``'s operation must do: send it right, return its
    success, surface each of its documented error rows."""
    action, source = contract.action, contract.operation.source
    out = [
        Requirement(f"client.{action}.wire", "MUST", f"A client calling {action} sends "
                    f"Action={action}, the API version, each parameter set on the call once "
                    "under its wire name with its value, and a valid signature", "client",
                    source),
        Requirement(f"client.{action}.success", "MUST", f"A client calling {action} returns "
                    "the RequestId of its success answer", "client",
                    "; ".join(dict.fromkeys(r.source for r in contract.responses))),
    ]
    out += [Requirement(f"client.{req_id}", "MUST", f"A client calling {action} surfaces the "
                        f"code and HTTP status of {row.code} ({row.group or row.id})", "client",
                        row.source, error=row)
            for req_id, row in rows.items()]
    return out


def _row_title(row: ErrorRow) -> str:
    if row.group:
        return (f"{row.action} answers {row.group} with one of its documented rows "
                f"(HTTP {row.status} {row.code})")
    return row.title


def _find(items: tuple[Any, ...], attr: str, value: str, what: str) -> Any:
    for item in items:
        if getattr(item, attr) == value:
            return item
    known = ", ".join(sorted(str(getattr(i, attr)) for i in items))
    raise KeyError(f"unknown {what} {value!r}; known: {known}")
