"""The broker transport (config/broker.py) survives what Celery does when Redis goes away.

Replays, on a Redis of the test's own, what a worker's consumer does when its connection breaks
while a message is unacknowledged: `collect()` then `close()` with Redis down, then, with
Redis back, the acknowledgement of that message once its task ends.
"""

from __future__ import annotations

import contextlib
import socket

import kombu
import pytest

BROKEN_TRANSPORT = "kombu.transport.redis:Transport"
OUR_TRANSPORT = "config.broker:Transport"


def in_flight_when_redis_goes_away(own_redis, transport: str):
    """A connection with one message received and not acknowledged, a BRPOP pending (as in a
    worker's event loop) and a second channel like Celery's remote control; then Redis stops."""
    connection = kombu.Connection(own_redis.url(), transport=transport)
    grading = kombu.Queue("grading", kombu.Exchange("grading"), "grading")
    with connection.Producer() as producer:
        producer.publish({"submission": 1}, exchange=grading.exchange, routing_key="grading",
                         declare=[grading])  # fmt: skip
    received = []
    kombu.Consumer(connection.default_channel, [grading], callbacks=[
        lambda body, message: received.append(message)]).consume()  # fmt: skip
    control = kombu.Queue("control", kombu.Exchange("control", type="fanout"), auto_delete=True)
    kombu.Consumer(
        connection.channel(), [control], callbacks=[lambda body, message: None]
    ).consume()
    for _ in range(50):
        if received and connection.default_channel._in_poll:
            break
        with contextlib.suppress(socket.timeout):
            connection.drain_events(timeout=0.1)
    assert received and connection.default_channel._in_poll
    own_redis.stop()
    return connection, received[0]


def test_a_lost_connection_closes_cleanly_and_its_message_is_acknowledged_later(own_redis):
    connection, message = in_flight_when_redis_goes_away(own_redis, OUR_TRANSPORT)

    connection.collect()  # what Celery's consumer does on a lost connection
    connection.close()  # no AttributeError: the worker goes on to reconnect
    own_redis.start()
    message.ack()  # the grading ended after Redis came back
    assert message.acknowledged


def test_kombus_own_redis_transport_still_crashes_there(own_redis):
    """A canary: when this fails, kombu has fixed the bug and config/broker.py can go."""
    connection, message = in_flight_when_redis_goes_away(own_redis, BROKEN_TRANSPORT)

    connection.collect()
    with pytest.raises(AttributeError, match="hostname"):
        connection.close()
    own_redis.start()
    with pytest.raises(AttributeError, match="hostname"):
        message.ack()
