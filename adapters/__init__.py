"""Adapters of the client suite: the project's reference client, its faulty variants and the
official SDKs (Python ``tea_py``, ``legacy_py``; Node under ``node/``). Adapters import
``spec`` only (signing through :mod:`spec.signing`), plus their SDKs."""

__all__ = ["faulty", "legacy_py", "partial_example", "reference_client", "sdk", "tea_py"]
