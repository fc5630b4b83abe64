"""Conformance for Topics with the official Python SDK (`momento`, grpcio over h2c).

    python topics.py          (with momento installed; see requirements.txt)

Starts edgecache-server ($EDGECACHE_SERVER_BIN, or the newer of ../../target/{release,debug}),
then: subscribe, publish text and binary, consecutive sequence numbers on one page, unsubscribe
(the server's own count comes back to 0), and the errors Momento returns. Prints PASS per step;
exits non-zero on the first failure.

The SDK's subscribe() insists that a stream opens with a heartbeat, and it puts its call
deadline on the whole stream (grpcio's timeout), so every step stays well inside it.
"""

import asyncio
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from momento import CredentialProvider, TopicClientAsync, TopicConfigurations
from momento.errors import MomentoErrorCode
from momento.responses import TopicPublish, TopicSubscribe, TopicSubscriptionItem

HERE = Path(__file__).resolve().parent
CACHE = "topics"
LIMITED = "topics-limited"
MAX_SUBSCRIPTIONS = 3
STEP_TIMEOUT_S = 5


def server_bin() -> str:
    from_env = os.environ.get("EDGECACHE_SERVER_BIN")
    if from_env:
        return from_env
    candidates = [HERE / "../../target" / p / "edgecache-server" for p in ("release", "debug")]
    found = [c for c in candidates if c.exists()]
    if not found:
        sys.exit("edgecache-server not found: set EDGECACHE_SERVER_BIN or build it")
    return str(max(found, key=lambda c: c.stat().st_mtime))


def start_server():
    args = [server_bin(), "--port", "0", "--cache", CACHE, "--cache", LIMITED,
            "--topic-max-subscriptions", str(MAX_SUBSCRIPTIONS)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    match = re.match(r"^edgecache-server listening on http://([0-9.]+):(\d+)\s*$", line)
    if not match:
        proc.kill()
        sys.exit(f"unexpected first line from the server: {line!r}")
    return proc, match.group(1), int(match.group(2))


def stats(host: str, port: int) -> dict:
    with urllib.request.urlopen(f"http://{host}:{port}/stats", timeout=5) as res:
        return json.load(res)


async def eventually(what: str, check) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT_S
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        await asyncio.sleep(0.02)


def expect_error(response, code: MomentoErrorCode, what: str) -> None:
    assert isinstance(response, (TopicSubscribe.Error, TopicPublish.Error)), f"{what}: {response!r}"
    assert response.error_code == code, f"{what}: {response.error_code} {response.message}"


async def scenario(host: str, port: int) -> None:
    credentials = CredentialProvider.for_momento_local(host, port)
    async with TopicClientAsync(TopicConfigurations.Default.latest(), credentials) as client:

        async def step(name, body):
            await asyncio.wait_for(body(), STEP_TIMEOUT_S)
            print(f"PASS python {name}", flush=True)

        async def publish_and_receive():
            subscription = await client.subscribe(CACHE, "py")
            assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), repr(subscription)
            for value in ("hello", b"\x00\x01\xff", "héllo ✓"):
                published = await client.publish(CACHE, "py", value)
                assert isinstance(published, TopicPublish.Success), repr(published)
            items = [await subscription.__anext__() for _ in range(3)]
            assert isinstance(items[0], TopicSubscriptionItem.Text) and items[0].value == "hello", items
            assert isinstance(items[1], TopicSubscriptionItem.Binary) and items[1].value == b"\x00\x01\xff", items
            assert isinstance(items[2], TopicSubscriptionItem.Text) and items[2].value == "héllo ✓", items
            assert [i.sequence_number for i in items] == [1, 2, 3], items
            pages = {i.sequence_page for i in items}
            assert len(pages) == 1 and pages.pop() > 0, items
            assert stats(host, port)["subscribers"] == 1
            subscription.unsubscribe()
            await eventually("the server lets go of the subscription",
                             lambda: stats(host, port)["subscribers"] == 0)

        async def errors():
            expect_error(await client.subscribe("no-such-cache", "t"), MomentoErrorCode.NOT_FOUND_ERROR,
                         "subscribe, unknown cache")
            expect_error(await client.publish("no-such-cache", "t", "x"), MomentoErrorCode.NOT_FOUND_ERROR,
                         "publish, unknown cache")
            expect_error(await client.subscribe(CACHE, ""), MomentoErrorCode.INVALID_ARGUMENT_ERROR,
                         "subscribe, empty topic")
            expect_error(await client.publish(CACHE, "", "x"), MomentoErrorCode.INVALID_ARGUMENT_ERROR,
                         "publish, empty topic")
            expect_error(await client.publish(CACHE, "t", "x" * 4097), MomentoErrorCode.LIMIT_EXCEEDED_ERROR,
                         "publish over 4 KiB")
            held = [await client.subscribe(LIMITED, f"t{i}") for i in range(MAX_SUBSCRIPTIONS)]
            assert all(isinstance(s, TopicSubscribe.SubscriptionAsync) for s in held), held
            expect_error(await client.subscribe(LIMITED, "one-more"), MomentoErrorCode.LIMIT_EXCEEDED_ERROR,
                         "subscription over the limit")
            for subscription in held:
                subscription.unsubscribe()
            await eventually("every subscription released", lambda: stats(host, port)["subscribers"] == 0)

        await step("topics/publish-and-receive", publish_and_receive)
        await step("topics/errors", errors)


def main() -> int:
    proc, host, port = start_server()
    try:
        asyncio.run(scenario(host, port))
    except Exception as error:  # noqa: BLE001 - any failure is reported and fails the run
        print(f"FAIL python topics: {type(error).__name__}: {error}", flush=True)
        return 1
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
    print("SUMMARY python topics: PASS", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
