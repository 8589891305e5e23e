"""The server conformance suite: pytest modules run against one target by :mod:`suites.plugin`.

Run it with ``ecs-conformance server …`` or directly:
``pytest -p suites.plugin --pyargs suites.server --ecs-endpoint http://127.0.0.1:8080``.
"""
