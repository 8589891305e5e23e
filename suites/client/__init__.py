"""The client (SDK) conformance suite: pytest modules run against one adapter.

Run it with ``ecs-conformance client --adapter python:module:function`` or
``--adapter "cmd:COMMAND ..."`` (see README, "Testing an SDK").
"""
