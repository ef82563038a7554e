"""kombu's Redis transport, with one fix that keeps a worker alive through a Redis restart.

When the broker connection breaks, Celery's consumer calls `Connection.collect()` and then
`Connection.close()` (the second call is new in Celery 5.7). Against a Redis that is down:

1. `collect()` closes the default channel first. The Redis channel's `close()` reads the reply of
   its pending BRPOP before anything else; that read fails (Redis is gone), so `close()` raises
   before the channel is marked closed, and kombu swallows the connection error. `collect()`
   then detaches the transport from the connection (`transport.client = None`), leaving that
   channel open, with the message being graded still unacknowledged on it.
2. `close()` closes the same channel again. This time it gets as far as restoring the
   unacknowledged message, which needs a fresh Redis client, whose parameters `_connparams()`
   reads from `transport.client`: None. The AttributeError is neither a connection nor a channel
   error, so nothing catches it and the worker exits ("Unrecoverable error").

An idle worker survives because there is nothing to restore. Acknowledging the in-flight
message once its grading ends, on that same old channel, fails the same way. The fix: a channel
remembers the connection it was opened on, and builds new clients from it after the transport
was detached. Restoring then fails with a plain ConnectionError while Redis is down (which
Celery expects and ignores; the visibility timeout, or our reaper, brings the message back), or
succeeds once it is up, and the late acknowledgement goes through.

Upstream: celery/kombu#582 and #970 are the same failure class; no kombu or Celery release (up
to kombu 5.7.0 and Celery 5.7.0) avoids it. tests/infra/test_broker.py replays the sequence.
"""

from __future__ import annotations

from kombu.transport import redis


class Channel(redis.Channel):
    def __init__(self, connection, *args, **kwargs):
        # The kombu Connection: where Redis is, even after collect() detaches the transport.
        self._opened_on = connection.client
        super().__init__(connection, *args, **kwargs)

    def _connparams(self, asynchronous=False):
        transport = self.connection
        if transport.client is not None:
            return super()._connparams(asynchronous=asynchronous)
        transport.client = self._opened_on  # only for as long as the parameters are read
        try:
            return super()._connparams(asynchronous=asynchronous)
        finally:
            transport.client = None


class Transport(redis.Transport):
    Channel = Channel
