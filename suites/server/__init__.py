"""The server conformance suite: pytest modules run against one target by :mod:`suites.plugin`.

Run it with ``ecs-conformance server …`` or directly:
``pytest -p ecs_conformance.suites.plugin --pyargs ecs_conformance.suites.server --ecs-endpoint http://127.0.0.1:8080``.
"""
